// The `since` / `until` filters of the list routes: ISO-8601 instants with an explicit offset (a
// local time would mean whatever the server's zone is), since inclusive, until exclusive.
import { z } from "zod";
import { encodeTime, type IdPrefix } from "./ids";

const instant = (description: string) =>
  z.iso
    .datetime({ offset: true, message: "must be an ISO-8601 date-time with an offset, e.g. 2026-11-26T09:00:00Z" })
    .describe(description)
    .transform((value) => new Date(value))
    .optional();

export const timeRangeQuery = {
  since: instant("Created at or after this instant (ISO-8601 with an offset)."),
  until: instant("Created before this instant (ISO-8601 with an offset)."),
};

/** An empty or inverted window is a caller's mistake, so it is refused rather than answered with an empty page. */
export function refineTimeRange(range: { since?: Date; until?: Date }, ctx: z.RefinementCtx): void {
  if (range.since && range.until && range.since >= range.until) ctx.addIssue({ code: "custom", path: ["until"], message: "must be later than since" });
}

const MAX_ID_TIME = 2 ** 48 - 1;

/** The smallest id of a millisecond: ids sort by time, so a time bound is also an id bound. */
export function firstIdAt(prefix: IdPrefix, atMs: number): string {
  return `${prefix}_${encodeTime(Math.min(Math.max(Math.floor(atMs), 0), MAX_ID_TIME))}`;
}
