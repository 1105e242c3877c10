// How a replay reads in the portal: its state as a badge, why it waits, its progress and what is left.
import type { RouterOutputs } from "../../server/trpc/app-router";
import { formatDuration } from "../format";
import { Badge } from "../ui/badge";

export type Replay = RouterOutputs["replays"]["get"];

const STATE_TONES = { running: "blue", paused: "amber", completed: "green", cancelled: "slate" } as const;

export function ReplayStateBadge({ state }: { state: Replay["state"] }) {
  return <Badge tone={STATE_TONES[state]}>{state}</Badge>;
}

export function isLive(replay: Pick<Replay, "state">): boolean {
  return replay.state === "running" || replay.state === "paused";
}

const BLOCKED = {
  endpoint_disabled: "The endpoint is disabled: the replay waits until it is enabled again.",
  circuit_open: "The endpoint's circuit is open: waiting for the endpoint to recover.",
} as const;

export function blockedText(reason: Replay["blocked_reason"]): string | null {
  return reason ? BLOCKED[reason] : null;
}

/** Finished items (delivered, failed or skipped) over the total; an empty replay is done at once. */
export function progressRatio(replay: Pick<Replay, "total" | "delivered" | "failed" | "skipped">): number {
  if (replay.total === 0) return 1;
  return (replay.delivered + replay.failed + replay.skipped) / replay.total;
}

export function formatRate(perSecond: number): string {
  return `${perSecond.toLocaleString(undefined, { maximumFractionDigits: 2 })}/s`;
}

/** Time to send what is left at the replay's rate (the endpoint's own limits may make it longer). */
export function etaText(replay: Pick<Replay, "state" | "remaining" | "rate_per_second" | "blocked_reason">): string {
  if (replay.state === "completed" || replay.state === "cancelled") return "—";
  if (replay.state === "paused") return "Paused";
  if (replay.blocked_reason) return "Waiting for the endpoint";
  return replay.remaining === 0 ? "Finishing" : `about ${formatDuration((replay.remaining / replay.rate_per_second) * 1_000)}`;
}

/** "failed · invoice.* · since 26 Nov 09:00": the filter in one line. */
export function filterSummary(filter: Replay["filter"]): string {
  if (filter.delivery_ids) return `${filter.delivery_ids.length} selected ${filter.delivery_ids.length === 1 ? "delivery" : "deliveries"}`;
  const parts = [filter.statuses.join(", ")];
  if (filter.event_types) parts.push(filter.event_types.join(", "));
  if (filter.since) parts.push(`since ${shortTime(filter.since)}`);
  if (filter.until) parts.push(`until ${shortTime(filter.until)}`);
  return parts.join(" · ");
}

const short = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "short" });
export function shortTime(iso: string): string {
  return short.format(new Date(iso));
}
