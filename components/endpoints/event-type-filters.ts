// Event type filters as the browser needs them: is a typed filter well-formed (so the picker can refuse
// it before the server does), and which registered types an endpoint's filters accept (the test-event
// picker offers only those: the server refuses the others). Same rules as the server's matcher.

const NAME = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/;
const MAX_LENGTH = 128;

/** Why a filter is not valid, or null: "*", an exact name, or "prefix.*". */
export function filterProblem(filter: string): string | null {
  if (filter === "*") return null;
  if (filter === "") return "Enter an event type, a prefix ending in .* or *";
  if (filter.length > MAX_LENGTH) return `At most ${MAX_LENGTH} characters`;
  const name = filter.endsWith(".*") ? filter.slice(0, -2) : filter;
  if (NAME.test(name)) return null;
  return filter.includes("*")
    ? '"*" stands alone or ends a prefix, like invoice.*'
    : "Lowercase letters, digits, _ and - in dot-separated segments, like invoice.paid";
}

export function filterMatches(filter: string, type: string): boolean {
  return filter === "*" || filter === type || (filter.endsWith(".*") && type.startsWith(filter.slice(0, -1)));
}

export function subscribedTypes<T extends { name: string }>(filters: readonly string[], types: readonly T[]): T[] {
  return types.filter((type) => filters.some((filter) => filterMatches(filter, type.name)));
}
