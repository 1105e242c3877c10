"use client";
// One page of deliveries with a checkbox per row (and one for the whole page) for bulk replay.
import Link from "next/link";
import { StatusBadge } from "../ui/badge";
import { DataTable } from "../ui/table";
import { RelativeTime } from "../ui/time";
import type { Delivery } from "./delivery-filters";

const cell = "px-4 py-2 align-top";

/** The delivery's last error when it says more than its status code (an HTTP error's message is just "HTTP 500"). */
export function errorBeyondStatus(delivery: Pick<Delivery, "last_response_status" | "last_error">): string | null {
  return delivery.last_error === `HTTP ${delivery.last_response_status}` ? null : delivery.last_error;
}

export function lastOutcome(delivery: Pick<Delivery, "last_response_status" | "last_error">): string {
  const parts = [delivery.last_response_status ? `HTTP ${delivery.last_response_status}` : null, errorBeyondStatus(delivery)].filter(Boolean);
  return parts.join(" · ") || "—";
}

type Props = {
  deliveries: Delivery[];
  endpointUrls: Map<string, string>;
  selected: Set<string>;
  onSelect: (deliveries: Delivery[], on: boolean) => void;
};

export function DeliveriesTable({ deliveries, endpointUrls, selected, onSelect }: Props) {
  const allSelected = deliveries.length > 0 && deliveries.every((delivery) => selected.has(delivery.id));
  return (
    <DataTable
      columns={[
        { label: <input type="checkbox" aria-label="Select all deliveries on this page" className="h-4 w-4 accent-brand-600" checked={allSelected} onChange={(event) => onSelect(deliveries, event.target.checked)} /> },
        "Status",
        "Event type",
        "Endpoint",
        { label: "Attempts", align: "right" },
        "Last response",
        "Created",
        { label: "Details", hidden: true },
      ]}
    >
      {deliveries.map((delivery) => (
        <tr key={delivery.id} className={selected.has(delivery.id) ? "bg-brand-50/60" : "hover:bg-slate-50"}>
          <td className={cell}>
            <input type="checkbox" aria-label={`Select delivery ${delivery.id}`} className="h-4 w-4 accent-brand-600" checked={selected.has(delivery.id)} onChange={(event) => onSelect([delivery], event.target.checked)} />
          </td>
          <td className={cell}>
            <StatusBadge status={delivery.status} />
          </td>
          <td className={`${cell} font-mono text-xs text-slate-800`}>{delivery.event_type ?? "—"}</td>
          <td className={`${cell} max-w-64 truncate text-slate-700`} title={endpointUrls.get(delivery.endpoint_id) ?? delivery.endpoint_id}>
            {endpointUrls.get(delivery.endpoint_id) ?? delivery.endpoint_id}
          </td>
          <td className={`${cell} text-right tabular-nums`}>{delivery.attempt_count}</td>
          <td className={`${cell} max-w-72 truncate text-slate-600`} title={lastOutcome(delivery)}>
            {lastOutcome(delivery)}
          </td>
          <td className={`${cell} whitespace-nowrap text-slate-600`}>
            <RelativeTime iso={delivery.created_at} />
          </td>
          <td className={`${cell} whitespace-nowrap text-right`}>
            <Link prefetch={false} href={`/deliveries/${delivery.id}`} className="font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600">
              View<span className="sr-only"> delivery {delivery.id}</span>
            </Link>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
