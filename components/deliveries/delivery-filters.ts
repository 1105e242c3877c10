// The explorer's filters as URL search params (the REST names: status as a comma list, event_type,
// endpoint_id, plus the time range), turned into the deliveries.list input and into the replay form's link.
import type { RouterInputs, RouterOutputs } from "../../server/trpc/app-router";
import { filterProblem } from "../endpoints/event-type-filters";
import { timeWindow, type TimeRangeParams } from "../ui/time-range";

export type Delivery = RouterOutputs["deliveries"]["list"]["data"][number];
export type DeliveryStatus = Delivery["status"];

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ["pending", "sending", "delivered", "retrying", "failed", "held", "cancelled"];
/** Finished deliveries: the only ones a replay may send again (failed first: what a replay is mostly for). */
export const SETTLED_STATUSES = ["failed", "delivered", "cancelled"] as const;
export type SettledStatus = (typeof SETTLED_STATUSES)[number];

export const isSettled = (status: string): status is SettledStatus => (SETTLED_STATUSES as readonly string[]).includes(status);

export type DeliveryFilters = { statuses: DeliveryStatus[]; eventType: string; endpointId: string; time: TimeRangeParams };

export function readDeliveryFilters(params: URLSearchParams): DeliveryFilters {
  const listed = (params.get("status") ?? "").split(",");
  return {
    statuses: DELIVERY_STATUSES.filter((status) => listed.includes(status)),
    eventType: params.get("event_type") ?? "",
    endpointId: params.get("endpoint_id") ?? "",
    time: { range: params.get("range"), since: params.get("since"), until: params.get("until") },
  };
}

export function hasDeliveryFilters(filters: DeliveryFilters): boolean {
  return filters.statuses.length > 0 || filters.eventType !== "" || filters.endpointId !== "" || filters.time.range !== null;
}

type ListInput = RouterInputs["deliveries"]["list"];

/** A hand-edited URL value the API would refuse (422), by field; none for what the controls produce. */
export type FilterErrors = { event_type?: string; endpoint_id?: string };

const MAX_ID_LENGTH = 64;

export function deliveryFilterErrors(filters: DeliveryFilters): FilterErrors {
  const errors: FilterErrors = {};
  const eventType = filters.eventType && filterProblem(filters.eventType);
  if (eventType) errors.event_type = eventType;
  if (filters.endpointId.length > MAX_ID_LENGTH) errors.endpoint_id = `Not an endpoint id (at most ${MAX_ID_LENGTH} characters)`;
  return errors;
}

/** The list input; the list is not asked while there is a `problem` (time range) or a field error. */
export function deliveriesListInput(filters: DeliveryFilters, nowMs: number, cursor: string | undefined): { input: ListInput; problem?: string; errors: FilterErrors } {
  const { window, problem } = timeWindow(filters.time, nowMs);
  const input: ListInput = { limit: 25, cursor, ...window };
  if (filters.statuses.length > 0) input.status = filters.statuses.join(",");
  if (filters.eventType) input.event_type = filters.eventType;
  if (filters.endpointId) input.endpoint_id = filters.endpointId;
  return { input, problem, errors: deliveryFilterErrors(filters) };
}

/** /replays/new prefilled with these filters; a replay covers one endpoint, so there must be one. */
export function replayMatchingHref(filters: DeliveryFilters, nowMs: number): string | null {
  if (!filters.endpointId || Object.keys(deliveryFilterErrors(filters)).length > 0) return null;
  const query = new URLSearchParams({ endpoint_id: filters.endpointId });
  const settled = filters.statuses.filter(isSettled);
  if (settled.length > 0) query.set("status", settled.join(","));
  if (filters.eventType) query.set("event_type", filters.eventType);
  const { window, problem } = timeWindow(filters.time, nowMs);
  if (!problem) {
    if (window.since) query.set("since", window.since);
    if (window.until) query.set("until", window.until);
  }
  return `/replays/new?${query}`;
}
