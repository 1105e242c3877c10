// The endpoint form's state as typed (strings, header rows), its conversion to the API's fields, the
// checks worth doing before a round trip, and where the server's 422 field paths belong in the form.
import type { RouterInputs, RouterOutputs } from "../../server/trpc/app-router";
import { filterProblem } from "./event-type-filters";

export type Endpoint = RouterOutputs["endpoints"]["get"];
export type EndpointFields = RouterInputs["endpoints"]["create"];
type Changes = Omit<RouterInputs["endpoints"]["update"], "id">;

export type HeaderRow = { key: string; name: string; value: string };

export type FormValues = {
  url: string;
  description: string;
  eventTypes: string[];
  /** Seconds as typed; blank on create means the platform's default timeout. */
  timeoutSeconds: string;
  /** Blank means no rate limit. */
  rateLimit: string;
  maxConcurrency: string;
  headers: HeaderRow[];
};

/** Form keys that errors attach to: the inputs, plus one per header row ("headers.<row key>"). */
export type FormErrors = Record<string, string>;

let rowCounter = 0;
export function headerRow(name = "", value = ""): HeaderRow {
  rowCounter += 1;
  return { key: `h${rowCounter}`, name, value };
}

export const EMPTY_FORM: FormValues = { url: "", description: "", eventTypes: [], timeoutSeconds: "", rateLimit: "", maxConcurrency: "10", headers: [] };

export function valuesOf(endpoint: Endpoint): FormValues {
  return {
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: [...endpoint.event_types],
    timeoutSeconds: String(endpoint.timeout_ms / 1000),
    rateLimit: endpoint.rate_limit_per_second === null ? "" : String(endpoint.rate_limit_per_second),
    maxConcurrency: String(endpoint.max_concurrency),
    headers: Object.entries(endpoint.headers).map(([name, value]) => headerRow(name, value)),
  };
}

const numberOrNull = (text: string) => (text.trim() === "" ? null : Number(text));

/** The API's fields; numbers the user typed badly pass through as NaN only if validate() was skipped. */
export function fieldsOf(values: FormValues): EndpointFields {
  const timeout = numberOrNull(values.timeoutSeconds);
  const headers = Object.fromEntries(values.headers.filter((row) => row.name.trim() !== "").map((row) => [row.name.trim(), row.value]));
  return {
    url: values.url.trim(),
    description: values.description.trim(),
    event_types: values.eventTypes,
    ...(timeout === null ? {} : { timeout_ms: Math.round(timeout * 1000) }),
    rate_limit_per_second: numberOrNull(values.rateLimit),
    max_concurrency: Number(values.maxConcurrency),
    headers,
  };
}

/** PATCH: only the fields that differ from the endpoint as loaded. */
export function changesOf(endpoint: Endpoint, values: FormValues): Changes {
  const fields = fieldsOf(values);
  const before = fieldsOf(valuesOf(endpoint));
  const changes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (JSON.stringify(value) !== JSON.stringify(before[name as keyof EndpointFields])) changes[name] = value;
  }
  return changes as Changes;
}

function urlProblem(text: string): string | null {
  if (text.trim() === "") return "Enter the URL that receives your webhooks";
  try {
    const url = new URL(text.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? null : "Use an http:// or https:// URL";
  } catch {
    return "Enter a full URL, like https://example.com/webhooks";
  }
}

function integerProblem(text: string, [min, max]: readonly [number, number], unit: string): string | null {
  const n = Number(text);
  return text.trim() !== "" && Number.isInteger(n) && n >= min && n <= max ? null : `A whole number of ${unit} from ${min} to ${max}`;
}

/** Obvious mistakes, caught before the round trip; the server checks everything again. */
export function validate(values: FormValues, { timeoutRequired = false } = {}): FormErrors {
  const errors: FormErrors = {};
  const url = urlProblem(values.url);
  if (url) errors.url = url;
  if (values.eventTypes.length === 0) errors.event_types = "Choose at least one event type (or * for all)";
  const timeout = Number(values.timeoutSeconds);
  if ((timeoutRequired || values.timeoutSeconds.trim() !== "") && !(timeout >= 1 && timeout <= 30)) errors.timeout_ms = "Between 1 and 30 seconds";
  const rate = values.rateLimit.trim() === "" ? null : integerProblem(values.rateLimit, [1, 10_000], "requests per second");
  if (rate) errors.rate_limit_per_second = rate;
  const concurrency = integerProblem(values.maxConcurrency, [1, 100], "requests");
  if (concurrency) errors.max_concurrency = concurrency;
  const seen = new Set<string>();
  for (const row of values.headers) {
    const name = row.name.trim().toLowerCase();
    if (name === "" && row.value !== "") errors[`headers.${row.key}`] = "Enter the header's name";
    else if (name !== "" && seen.has(name)) errors[`headers.${row.key}`] = "This header is already listed";
    seen.add(name);
  }
  return errors;
}

export function eventTypeEntryProblem(entry: string, chosen: readonly string[]): string | null {
  return chosen.includes(entry) ? "Already chosen" : filterProblem(entry);
}

/**
 * The server's field paths on this form: "event_types.2" goes to the picker (naming the filter),
 * "headers.X-Foo" to the row with that name; anything the form has no input for is returned apart.
 */
export function placeServerErrors(serverErrors: Record<string, string>, values: FormValues): { errors: FormErrors; unplaced: string[] } {
  const errors: FormErrors = {};
  const unplaced: string[] = [];
  for (const [path, message] of Object.entries(serverErrors)) {
    const [head, ...rest] = path.split(".");
    const tail = rest.join(".");
    if (head === "event_types") {
      const filter = tail === "" ? undefined : values.eventTypes[Number(tail)];
      errors.event_types ??= filter === undefined ? message : `${filter}: ${message}`;
    } else if (head === "headers" && tail !== "") {
      const row = values.headers.find((r) => r.name.trim() === tail);
      // The messages are written after the name ("is set by Hookline…"), so they say which header.
      if (row) errors[`headers.${row.key}`] = `${tail}: ${message}`;
      else errors.headers ??= `${tail}: ${message}`;
    } else if (["url", "description", "timeout_ms", "rate_limit_per_second", "max_concurrency", "headers"].includes(path)) {
      errors[path] = message;
    } else {
      unplaced.push(path ? `${path}: ${message}` : message);
    }
  }
  return { errors, unplaced };
}
