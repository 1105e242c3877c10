"use client";
// The tenant's events, newest first: filter by type (exact or wildcard) and time range, both in the URL;
// refreshed every 10 s.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { RouterInputs } from "../../server/trpc/app-router";
import { filterProblem } from "../endpoints/event-type-filters";
import { formatDateTime } from "../format";
import { useTRPC } from "../trpc";
import { Button, LinkButton } from "../ui/button";
import { PageHeader } from "../ui/card";
import { Pager, useCursorPager } from "../ui/pager";
import { EmptyState, ErrorState, LoadingState, Notice } from "../ui/states";
import { DataTable } from "../ui/table";
import { RelativeTime } from "../ui/time";
import { TimeRangeFields, timeWindow, type TimeRangeParams } from "../ui/time-range";
import { useOnKeyChange, useUrlParams } from "../ui/url-params";
import { EventTypeFilterField } from "./event-type-filter-field";

const cell = "px-4 py-2";

export function EventsList() {
  const trpc = useTRPC();
  const [params, setParams] = useUrlParams();
  const type = params.get("type") ?? "";
  const time: TimeRangeParams = { range: params.get("range"), since: params.get("since"), until: params.get("until") };
  const filtered = type !== "" || time.range !== null;
  const pager = useCursorPager();
  useOnKeyChange(params.toString(), pager.first); // new filters start at the newest page
  const { window, problem } = timeWindow(time, Date.now());
  // A hand-edited ?type= the API would refuse (422): not asked; the field shows why.
  const typeProblem = type ? filterProblem(type) : null;
  const input: RouterInputs["events"]["list"] = { limit: 25, cursor: pager.cursor, ...window, ...(type ? { type } : {}) };
  const list = useQuery(trpc.events.list.queryOptions(input, { enabled: !problem && !typeProblem, refetchInterval: 10_000, placeholderData: keepPreviousData }));
  const rows = list.data?.data ?? [];

  return (
    <>
      <PageHeader title="Events" description="Everything published to your tenant. Open one for its payload and where it was delivered." />
      <section aria-label="Filters" className="mb-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <EventTypeFilterField id="events-type" value={type} onCommit={(value) => setParams({ type: value })} />
          <TimeRangeFields idPrefix="events" params={time} onChange={(changes) => setParams(changes)} />
        </div>
        {filtered ? (
          <Button variant="ghost" size="sm" className="mt-4" onClick={() => setParams(null)}>
            Clear filters
          </Button>
        ) : null}
      </section>
      {problem ? (
        <Notice tone="error">{problem}</Notice>
      ) : typeProblem ? (
        <Notice tone="error">Correct the event type filter above to see events.</Notice>
      ) : list.isPending ? (
        <LoadingState label="Loading events…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No events match these filters" action={<Button variant="secondary" onClick={() => setParams(null)}>Show all events</Button>}>
            Try a wildcard such as <code>invoice.*</code> or a longer time range.
          </EmptyState>
        ) : (
          <EmptyState title="No events yet" action={<LinkButton href="/endpoints">Go to endpoints</LinkButton>}>
            Events appear here when your services publish them to Hookline. Send a test event from an endpoint&apos;s page to see one.
          </EmptyState>
        )
      ) : (
        <>
          <DataTable columns={["Type", "Event id", "Published"]}>
            {rows.map((event) => (
              <tr key={event.id} className="hover:bg-slate-50">
                <td className={cell}>
                  <Link prefetch={false} href={`/events/${event.id}`} className="font-mono text-xs font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600">
                    {event.type}
                  </Link>
                </td>
                <td className={`${cell} font-mono text-xs text-slate-600`}>{event.id}</td>
                <td className={`${cell} whitespace-nowrap text-slate-600`} title={formatDateTime(event.created_at)}>
                  <RelativeTime iso={event.created_at} />
                </td>
              </tr>
            ))}
          </DataTable>
          <Pager pager={pager} nextCursor={list.data?.next_cursor} />
        </>
      )}
    </>
  );
}
