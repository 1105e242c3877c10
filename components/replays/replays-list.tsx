"use client";
// Replay history, newest first, one page at a time; refreshes every 2 s while a replay is running.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatCount, formatDateTime } from "../format";
import { LinkButton } from "../ui/button";
import { Pager, useCursorPager } from "../ui/pager";
import { ProgressBar } from "../ui/progress-bar";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { DataTable } from "../ui/table";
import { useTRPC } from "../trpc";
import { type Replay, ReplayStateBadge, filterSummary, formatRate, progressRatio, shortTime } from "./replay-text";
import { endpointLabel, useEndpointOptions, type EndpointOption } from "./use-endpoint-options";

export function ReplaysList() {
  const trpc = useTRPC();
  const pager = useCursorPager();
  const replays = useQuery(
    trpc.replays.list.queryOptions(
      { limit: 20, cursor: pager.cursor },
      { placeholderData: keepPreviousData, refetchInterval: (query) => (query.state.data?.data.some((r) => r.state === "running") ? 2_000 : false) },
    ),
  );
  const endpoints = useEndpointOptions();

  if (replays.isPending) return <LoadingState label="Loading replays…" />;
  if (replays.isError) return <ErrorState error={replays.error} onRetry={() => void replays.refetch()} />;
  if (replays.data.data.length === 0 && pager.page === 1) {
    return (
      <EmptyState title="No replays yet" action={<LinkButton href="/replays/new">New replay</LinkButton>}>
        A replay sends an endpoint&apos;s failed (or delivered, or cancelled) deliveries again, at a drip rate you choose, so a receiver
        that was down can catch up without being flooded. Pick the endpoint and a filter; you can pause or cancel it at any time.
      </EmptyState>
    );
  }
  return (
    <>
      <DataTable columns={["Replay", "Endpoint", "Filter", { label: "Progress", className: "w-40" }, "Created"]}>
        {replays.data.data.map((replay) => (
          <ReplayRow key={replay.id} replay={replay} endpoints={endpoints.data?.data} />
        ))}
      </DataTable>
      <Pager pager={pager} nextCursor={replays.data.next_cursor} />
    </>
  );
}

function ReplayRow({ replay, endpoints }: { replay: Replay; endpoints: EndpointOption[] | undefined }) {
  const done = replay.delivered + replay.failed + replay.skipped;
  return (
    <tr className="align-top">
      <td className="whitespace-nowrap px-4 py-3">
        <Link href={`/replays/${replay.id}`} className="font-mono text-xs font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600">
          {replay.id}
        </Link>
        <div className="mt-1">
          <ReplayStateBadge state={replay.state} />
        </div>
      </td>
      <td className="max-w-[12rem] truncate px-4 py-3 text-slate-700" title={endpointLabel(endpoints, replay.endpoint_id)}>
        {endpointLabel(endpoints, replay.endpoint_id)}
      </td>
      <td className="min-w-[10rem] px-4 py-3 text-slate-600">{filterSummary(replay.filter)}</td>
      <td className="px-4 py-3">
        <ProgressBar label={`Progress of ${replay.id}`} ratio={progressRatio(replay)} tone={replay.state === "completed" ? "green" : "brand"} />
        <p className="mt-1 text-xs text-slate-500">
          {formatCount(done)} of {formatCount(replay.total)} at {formatRate(replay.rate_per_second)}
          {replay.failed ? ` · ${formatCount(replay.failed)} failed` : ""}
        </p>
      </td>
      <td className="whitespace-nowrap px-4 py-3 text-slate-600">
        <span title={formatDateTime(replay.created_at)}>{shortTime(replay.created_at)}</span>
        {replay.finished_at ? (
          <p className="mt-1 text-xs text-slate-500" title={formatDateTime(replay.finished_at)}>
            finished {shortTime(replay.finished_at)}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
