"use client";
// One event: its payload as published, and its delivery to each subscribed endpoint (live while any is
// still on its way).
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { RouterOutputs } from "../../server/trpc/app-router";
import { lastOutcome } from "../deliveries/deliveries-table";
import { isSettled } from "../deliveries/delivery-filters";
import { useTRPC } from "../trpc";
import { StatusBadge } from "../ui/badge";
import { Card, DetailList, PageHeader } from "../ui/card";
import { CopyButton } from "../ui/copy-button";
import { EmptyState, ErrorState } from "../ui/states";
import { DataTable } from "../ui/table";
import { LocalDateTime } from "../ui/time";

type EventDetail = RouterOutputs["events"]["get"];

const linkClass = "font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600";
const cell = "px-4 py-2";

export function EventDetailView({ id, initial }: { id: string; initial: EventDetail }) {
  const trpc = useTRPC();
  const event = useQuery(
    trpc.events.get.queryOptions({ id }, { initialData: initial, refetchInterval: (query) => (query.state.data?.deliveries.every((d) => isSettled(d.status)) ? false : 3_000) }),
  );
  if (event.isError) return <ErrorState error={event.error} onRetry={() => void event.refetch()} />;
  const data = event.data;
  const payload = JSON.stringify(data.data, null, 2);
  return (
    <>
      <PageHeader
        back={
          <Link href="/events" className={linkClass}>
            ← Events
          </Link>
        }
        title={<span className="font-mono">{data.type}</span>}
        description={<span className="font-mono text-xs">{data.id}</span>}
      />
      <div className="space-y-6">
        <Card title="Event">
          <DetailList
            items={[
              ["Type", <span key="type" className="font-mono">{data.type}</span>],
              ["Published", <LocalDateTime key="published" iso={data.created_at} />],
            ]}
          />
        </Card>
        <Card title="Payload" actions={<CopyButton text={payload} label="Copy payload" />}>
          <pre data-testid="event-payload" className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-3 font-mono text-xs text-slate-100">
            {payload}
          </pre>
        </Card>
        <Card title={`Deliveries (${data.deliveries.length}${data.deliveries_next_cursor ? "+" : ""})`}>
          <EventDeliveries deliveries={data.deliveries} />
        </Card>
      </div>
    </>
  );
}

function EventDeliveries({ deliveries }: { deliveries: EventDetail["deliveries"] }) {
  const trpc = useTRPC();
  const endpoints = useQuery(trpc.endpoints.list.queryOptions({ limit: 100 }));
  const urls = new Map((endpoints.data?.data ?? []).map((endpoint) => [endpoint.id, endpoint.url]));
  if (deliveries.length === 0)
    return <EmptyState title="Not delivered anywhere">No endpoint was subscribed to this event type when it was published. Subscribe an endpoint to it (or to a wildcard) for the next ones.</EmptyState>;
  return (
    <DataTable columns={["Endpoint", "Status", { label: "Attempts", align: "right" }, "Last response", { label: "Details", hidden: true }]} framed={false}>
      {deliveries.map((delivery) => (
        <tr key={delivery.id}>
          <td className={`${cell} max-w-80 truncate`}>
            <Link prefetch={false} href={`/endpoints/${delivery.endpoint_id}`} className={linkClass}>
              {urls.get(delivery.endpoint_id) ?? delivery.endpoint_id}
            </Link>
          </td>
          <td className={cell}>
            <StatusBadge status={delivery.status} />
          </td>
          <td className={`${cell} text-right tabular-nums`}>{delivery.attempt_count}</td>
          <td className={`${cell} max-w-72 truncate text-slate-600`}>{lastOutcome(delivery)}</td>
          <td className={`${cell} whitespace-nowrap text-right`}>
            <Link prefetch={false} href={`/deliveries/${delivery.id}`} className={linkClass}>
              View delivery
            </Link>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
