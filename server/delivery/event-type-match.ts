// Which endpoints want an event: exact names, "prefix.*" or "*". Matching is by expanding the event's type
// into every filter that would accept it, so SQL (`event_types && patterns`) and code agree by construction.

export const EVENT_TYPE_MAX_LENGTH = 128;

/** Lowercase dot-separated segments of letters, digits, "_" and "-", e.g. "invoice.payment_failed". */
export const EVENT_TYPE_NAME = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/;

const NAME_FORM = 'lowercase letters, digits, "_" and "-" in dot-separated segments (e.g. "invoice.paid")';

export type EventTypeFilter =
  | { kind: "all" }
  | { kind: "prefix"; prefix: string }
  | { kind: "exact"; name: string }
  | { kind: "invalid"; reason: string };

export function isValidEventTypeName(name: string): boolean {
  return name.length <= EVENT_TYPE_MAX_LENGTH && EVENT_TYPE_NAME.test(name);
}

/** Every filter value that matches `type`: for "a.b.c" that is "*", "a.*", "a.b.*" and "a.b.c". */
export function subscriptionPatterns(type: string): string[] {
  const segments = type.split(".");
  const prefixes = segments.slice(0, -1).map((_, i) => `${segments.slice(0, i + 1).join(".")}.*`);
  return ["*", ...prefixes, type];
}

export function matchesEventType(filters: readonly string[], type: string): boolean {
  const patterns = new Set(subscriptionPatterns(type));
  return filters.some((filter) => patterns.has(filter));
}

export function parseFilter(filter: string): EventTypeFilter {
  if (filter === "*") return { kind: "all" };
  if (filter === "") return { kind: "invalid", reason: "an event type filter cannot be empty" };
  if (filter.length > EVENT_TYPE_MAX_LENGTH) return { kind: "invalid", reason: `"${filter}" is longer than ${EVENT_TYPE_MAX_LENGTH} characters` };
  const prefix = filter.endsWith(".*") ? filter.slice(0, -2) : undefined;
  if (prefix !== undefined && EVENT_TYPE_NAME.test(prefix)) return { kind: "prefix", prefix };
  if (EVENT_TYPE_NAME.test(filter)) return { kind: "exact", name: filter };
  if (filter.includes("*")) {
    return { kind: "invalid", reason: `"${filter}": "*" may only stand alone or as the last segment after a valid prefix (e.g. "invoice.*")` };
  }
  return { kind: "invalid", reason: `"${filter}" is not an event type name: ${NAME_FORM}` };
}
