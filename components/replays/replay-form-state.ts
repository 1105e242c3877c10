// The new-replay form's values: prefilled from the URL (the deliveries explorer links here with its
// filters), checked in the browser the way the API checks them (so the live preview never asks with
// input the server would refuse), and turned into the request.
import { isSettled, type SettledStatus } from "../deliveries/delivery-filters";
import { filterProblem } from "../endpoints/event-type-filters";
import { toLocalInput } from "../ui/time-range";

export type ReplayLimits = { minRate: number; maxRate: number; maxDeliveries: number };

export type ReplayFormValues = {
  endpointId: string;
  statuses: SettledStatus[];
  eventTypes: string;
  since: string;
  until: string;
  rate: string;
};

export type ReplayPrefill = { endpoint_id?: string; status?: string; event_type?: string; since?: string; until?: string };

export const DEFAULT_RATE = 10;

export function initialValues(prefill: ReplayPrefill): ReplayFormValues {
  const statuses = splitList(prefill.status).filter(isSettled);
  return {
    endpointId: prefill.endpoint_id ?? "",
    statuses: statuses.length ? statuses : ["failed"],
    eventTypes: splitList(prefill.event_type).join(", "),
    since: toLocalInput(prefill.since ?? null),
    until: toLocalInput(prefill.until ?? null),
    rate: String(DEFAULT_RATE),
  };
}

function splitList(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** A datetime-local value (the browser's zone) as an ISO instant with an offset, as the API wants. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

export type ReplayFilterInput = { endpoint_id: string; statuses: SettledStatus[]; event_types?: string[]; since?: string; until?: string };

export type Checked = { filter: ReplayFilterInput | null; rate: number | null; errors: Record<string, string> };

/** The request fields the values make, and an inline message per field the API would refuse. */
export function checkValues(values: ReplayFormValues, limits: ReplayLimits): Checked {
  const errors: Record<string, string> = {};
  const eventTypes = splitList(values.eventTypes);
  const bad = eventTypes.find((type) => filterProblem(type) !== null);
  if (bad) errors.event_types = `"${bad}": ${filterProblem(bad)}`;
  if (values.statuses.length === 0) errors.statuses = "Choose at least one status";
  const since = toIso(values.since);
  const until = toIso(values.until);
  if (since && until && since >= until) errors.until = "must be later than since";
  const rate = Number(values.rate);
  if (values.rate.trim() === "" || !Number.isFinite(rate) || rate < limits.minRate || rate > limits.maxRate)
    errors.rate_per_second = `Enter a rate from ${limits.minRate} to ${limits.maxRate.toLocaleString()} per second`;
  if (!values.endpointId) errors.endpoint_id = "Choose the endpoint whose deliveries to send again";
  const filterValid = values.endpointId && !errors.event_types && !errors.statuses && !errors.until;
  const filter: ReplayFilterInput | null = filterValid
    ? { endpoint_id: values.endpointId, statuses: values.statuses, ...(eventTypes.length ? { event_types: eventTypes } : {}), ...(since ? { since } : {}), ...(until ? { until } : {}) }
    : null;
  return { filter, rate: errors.rate_per_second ? null : rate, errors };
}
