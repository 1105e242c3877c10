"use client";
// The endpoint's ten newest deliveries, refreshed every 3 s, each linking to its attempt timeline.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../trpc";
import { StatusBadge } from "../ui/badge";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { type Column, DataTable } from "../ui/table";
import { Countdown, RelativeTime } from "../ui/time";

const COLUMNS: Column[] = [{ label: "Delivery" }, { label: "Event type" }, { label: "Status" }, { label: "Attempts", align: "right" }, { label: "Created" }];

export function RecentDeliveries({ endpointId, live }: { endpointId: string; live: boolean }) {
  const trpc = useTRPC();
  const deliveries = useQuery(trpc.deliveries.list.queryOptions({ endpoint_id: endpointId, limit: 10 }, { refetchInterval: 3_000, enabled: live }));
  if (deliveries.isPending) return <LoadingState label="Loading deliveries…" />;
  if (deliveries.isError) return <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  if (deliveries.data.data.length === 0) return <EmptyState title="No deliveries yet">Send a test event, or publish an event of a type this endpoint subscribes to.</EmptyState>;
  return (
    <DataTable columns={COLUMNS} framed={false}>
      {deliveries.data.data.map((delivery) => (
        <tr key={delivery.id}>
          <td className="whitespace-nowrap px-4 py-2">
            <Link href={`/deliveries/${delivery.id}`} prefetch={false} className="font-mono text-xs text-brand-700 hover:underline">
              {delivery.id}
            </Link>
          </td>
          <td className="whitespace-nowrap px-4 py-2 font-mono text-xs">{delivery.event_type ?? "—"}</td>
          <td className="whitespace-nowrap px-4 py-2">
            <StatusBadge status={delivery.status} />
            {delivery.next_attempt_at && delivery.status === "retrying" ? (
              <span className="ml-2 text-xs text-slate-500">
                retry <Countdown iso={delivery.next_attempt_at} />
              </span>
            ) : null}
          </td>
          <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">{delivery.attempt_count}</td>
          <td className="whitespace-nowrap px-4 py-2 text-slate-600">
            <RelativeTime iso={delivery.created_at} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
