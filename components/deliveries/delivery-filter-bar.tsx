"use client";
// The explorer's filters: statuses (several at once), event type, endpoint and time range.
import type { RouterOutputs } from "../../server/trpc/app-router";
import { EventTypeFilterField } from "../events/event-type-filter-field";
import { Button } from "../ui/button";
import { SelectField } from "../ui/field";
import { TimeRangeFields } from "../ui/time-range";
import type { ParamChanges } from "../ui/url-params";
import { DELIVERY_STATUSES, hasDeliveryFilters, type DeliveryFilters, type DeliveryStatus, type FilterErrors } from "./delivery-filters";

type Endpoint = RouterOutputs["endpoints"]["list"]["data"][number];

type Props = { filters: DeliveryFilters; errors: FilterErrors; endpoints: Endpoint[]; onChange: (changes: ParamChanges | null) => void };

/** The event type field shows its own error (it checks what it holds); `errors` adds the endpoint's. */
export function DeliveryFilterBar({ filters, errors, endpoints, onChange }: Props) {
  function toggleStatus(status: DeliveryStatus, on: boolean) {
    const next = on ? [...filters.statuses, status] : filters.statuses.filter((s) => s !== status);
    onChange({ status: DELIVERY_STATUSES.filter((s) => next.includes(s)).join(",") || null });
  }
  return (
    <section aria-label="Filters" className="mb-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Status</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {DELIVERY_STATUSES.map((status) => (
            <label
              key={status}
              className="inline-flex cursor-pointer items-center gap-1.5 rounded-full border border-slate-300 px-3 py-1 text-sm text-slate-700 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 has-[:checked]:text-brand-700 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500/40"
            >
              <input type="checkbox" className="h-3.5 w-3.5 accent-brand-600" checked={filters.statuses.includes(status)} onChange={(event) => toggleStatus(status, event.target.checked)} />
              {status}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <EventTypeFilterField id="filter-event-type" value={filters.eventType} onCommit={(value) => onChange({ event_type: value })} />
        <SelectField id="filter-endpoint" label="Endpoint" value={filters.endpointId} error={errors.endpoint_id} onChange={(event) => onChange({ endpoint_id: event.target.value || null })}>
          <option value="">All endpoints</option>
          {filters.endpointId && !endpoints.some((endpoint) => endpoint.id === filters.endpointId) ? <option value={filters.endpointId}>{filters.endpointId}</option> : null}
          {endpoints.map((endpoint) => (
            <option key={endpoint.id} value={endpoint.id}>
              {endpoint.description ? `${endpoint.description} — ${endpoint.url}` : endpoint.url}
            </option>
          ))}
        </SelectField>
        <TimeRangeFields idPrefix="filter" params={filters.time} onChange={(changes) => onChange(changes)} />
      </div>
      {hasDeliveryFilters(filters) ? (
        <div className="mt-4">
          <Button variant="ghost" size="sm" onClick={() => onChange(null)}>
            Clear filters
          </Button>
        </div>
      ) : null}
    </section>
  );
}
