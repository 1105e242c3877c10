"use client";
// The tenant's endpoints with their health at a glance (circuit, 24 h success rate, p95), refreshed
// every 10 s. Disabled endpoints carry a banner with the reason and an Enable button.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment } from "react";
import type { RouterOutputs } from "../../server/trpc/app-router";
import { formatDuration, formatPercent } from "../format";
import { useTRPC } from "../trpc";
import { Badge, CircuitBadge } from "../ui/badge";
import { LinkButton } from "../ui/button";
import { PageHeader } from "../ui/card";
import { Pager, useCursorPager } from "../ui/pager";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { type Column, DataTable } from "../ui/table";
import { DisabledBanner } from "./disabled-banner";

type Endpoint = RouterOutputs["endpoints"]["list"]["data"][number];
type Health = RouterOutputs["endpoints"]["healthSummary"][number];

const REFRESH_MS = 10_000;
const COLUMNS: Column[] = [
  { label: "Endpoint" },
  { label: "Event types" },
  { label: "Health" },
  { label: "Success (24 h)", align: "right" },
  { label: "p95 latency", align: "right" },
];
const PAGE_SIZE = 50;

export function EndpointList() {
  const trpc = useTRPC();
  const pager = useCursorPager();
  const cursor = pager.cursor;
  const list = useQuery(trpc.endpoints.list.queryOptions({ limit: PAGE_SIZE, cursor }, { refetchInterval: REFRESH_MS }));
  const ids = list.data?.data.map((e) => e.id) ?? [];
  const health = useQuery(trpc.endpoints.healthSummary.queryOptions({ ids }, { enabled: ids.length > 0, refetchInterval: REFRESH_MS }));
  const healthById = new Map(health.data?.map((h) => [h.endpoint_id, h]));

  const addButton = <LinkButton href="/endpoints/new">Add endpoint</LinkButton>;
  return (
    <>
      <PageHeader title="Endpoints" description="Where your events are delivered, and how each receiver is doing." actions={list.data?.data.length ? addButton : undefined} />
      {list.isPending ? (
        <LoadingState label="Loading endpoints…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.data.length === 0 && cursor === undefined ? (
        <EmptyState title="No endpoints yet" action={addButton}>
          Add the URL of a receiver and the event types it wants; Hookline signs and delivers every matching event, with retries.
        </EmptyState>
      ) : (
        <>
          <EndpointTable endpoints={list.data.data} healthById={healthById} />
          <Pager pager={pager} nextCursor={list.data.next_cursor} />
        </>
      )}
    </>
  );
}

function EndpointTable({ endpoints, healthById }: { endpoints: Endpoint[]; healthById: Map<string, Health> }) {
  return (
    <DataTable columns={COLUMNS}>
      {endpoints.map((endpoint) => (
        <EndpointRow key={endpoint.id} endpoint={endpoint} health={healthById.get(endpoint.id)} />
      ))}
    </DataTable>
  );
}

function EndpointRow({ endpoint, health }: { endpoint: Endpoint; health: Health | undefined }) {
  // The summary is read after the list, so it is the fresher word on state when both are there.
  const enabled = health?.enabled ?? endpoint.enabled;
  const stats = health?.last_24h;
  return (
    <Fragment>
      {/* A disabled endpoint's row and its banner row read as one (no rule between them). */}
      <tr className={enabled ? "" : "border-b-0 bg-red-50/40"}>
        <td className="max-w-md px-4 py-3 align-top">
          <Link href={`/endpoints/${endpoint.id}`} className="break-all font-medium text-brand-700 hover:underline">
            {endpoint.url}
          </Link>
          {endpoint.description ? <p className="mt-0.5 text-xs text-slate-500">{endpoint.description}</p> : null}
        </td>
        <td className="px-4 py-3 align-top">
          <EventTypeChips types={endpoint.event_types} />
        </td>
        <td className="whitespace-nowrap px-4 py-3 align-top">
          {enabled ? <CircuitBadge state={health?.circuit_state ?? endpoint.circuit_state} /> : <Badge tone="red">Disabled</Badge>}
        </td>
        <td className="whitespace-nowrap px-4 py-3 text-right align-top tabular-nums">
          {stats ? (stats.attempts ? formatPercent(stats.success_rate) : <span className="text-slate-400">no attempts</span>) : "…"}
        </td>
        <td className="whitespace-nowrap px-4 py-3 text-right align-top tabular-nums">{stats ? formatDuration(stats.latency_p95_ms) : "…"}</td>
      </tr>
      {enabled ? null : (
        <tr className="bg-red-50/40">
          <td colSpan={5} className="px-4 pb-3">
            <DisabledBanner endpointId={endpoint.id} reason={health?.disabled_reason ?? endpoint.disabled_reason} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

export function EventTypeChips({ types, max = 4 }: { types: string[]; max?: number }) {
  const shown = types.slice(0, max);
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Event types">
      {shown.map((type) => (
        <li key={type} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
          {type}
        </li>
      ))}
      {types.length > max ? <li className="px-1 text-xs text-slate-500" title={types.slice(max).join(", ")}>+{types.length - max} more</li> : null}
    </ul>
  );
}
