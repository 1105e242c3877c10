// The replay resource: the request that starts one (a filter over one endpoint's settled deliveries,
// or explicit ids, and a drip rate), the list query, and the snake_case shape the API returns.
import { z } from "zod";
import { REPLAYABLE_STATUSES, replayBlock } from "../../delivery/replay-plan";
import { pageQuery } from "../../lib/pagination";
import { refineTimeRange, timeRangeQuery } from "../../lib/time-range-query";
import { eventTypeFilter } from "../endpoints/endpoint.schemas";

export const REPLAY_LIMITS = { minRate: 0.1, maxRate: 1_000, maxDeliveries: 100_000, maxIds: 1_000 } as const;

/** Which deliveries: also the portal's preview request (previewReplay counts what it matches). */
export const previewReplaySchema = z
  .strictObject({
    endpoint_id: z.string().min(1).max(64),
    statuses: z.array(z.enum(REPLAYABLE_STATUSES)).min(1).max(REPLAYABLE_STATUSES.length).default(["failed"]),
    event_types: z.array(eventTypeFilter).min(1).max(100).optional(),
    ...timeRangeQuery,
    delivery_ids: z.array(z.string().min(1).max(64)).min(1).max(REPLAY_LIMITS.maxIds).optional(),
  })
  .superRefine(refineTimeRange);

export const createReplaySchema = previewReplaySchema.extend({ rate_per_second: z.number().min(REPLAY_LIMITS.minRate).max(REPLAY_LIMITS.maxRate) });
export type CreateReplayInput = z.output<typeof createReplaySchema>;
export type ReplayFilter = Pick<CreateReplayInput, "statuses" | "event_types" | "since" | "until" | "delivery_ids">;

export const listReplaysQuery = z.strictObject({ ...pageQuery, endpoint_id: z.string().max(64).optional() });
export type ListReplaysQuery = z.output<typeof listReplaysQuery>;

/** The states a replay shows (the database enum also has pending and failed, which nothing sets). */
export const REPLAY_STATES = ["running", "paused", "completed", "cancelled"] as const;

export const replayResource = z.object({
  id: z.string(),
  endpoint_id: z.string(),
  state: z.enum(REPLAY_STATES),
  rate_per_second: z.number(),
  filter: z.object({
    statuses: z.array(z.string()),
    event_types: z.array(z.string()).nullable(),
    since: z.iso.datetime().nullable(),
    until: z.iso.datetime().nullable(),
    delivery_ids: z.array(z.string()).nullable(),
  }),
  total: z.int().describe("Deliveries the replay covers, fixed when it was created"),
  sent: z.int().describe("Replay attempts started"),
  delivered: z.int(),
  failed: z.int(),
  skipped: z.int().describe("Deliveries that were already being sent or retried when their turn came"),
  remaining: z.int().describe("Not sent yet (0 once cancelled)"),
  blocked_reason: z.enum(["endpoint_disabled", "circuit_open"]).nullable().describe("Why a running replay is waiting"),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  finished_at: z.iso.datetime().nullable(),
});
export type ReplayResource = z.output<typeof replayResource>;

export type ReplayRow = {
  id: string;
  endpointId: string;
  state: (typeof REPLAY_STATES)[number];
  ratePerSecond: number;
  filter: unknown;
  total: number;
  sent: number;
  delivered: number;
  failed: number;
  skipped: number;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  endpointEnabled: boolean;
  circuitState: string;
};

/** The filter as stored (JSON): the request's own fields, dates as ISO strings. */
export function storedFilter(filter: ReplayFilter) {
  return {
    statuses: filter.statuses,
    event_types: filter.event_types ?? null,
    since: filter.since?.toISOString() ?? null,
    until: filter.until?.toISOString() ?? null,
    delivery_ids: filter.delivery_ids ?? null,
  };
}

export function toReplayResource(row: ReplayRow): ReplayResource {
  const unsent = row.total - row.sent - row.skipped;
  const running = row.state === "running";
  return {
    id: row.id,
    endpoint_id: row.endpointId,
    state: row.state,
    rate_per_second: row.ratePerSecond,
    filter: row.filter as ReplayResource["filter"],
    total: row.total,
    sent: row.sent,
    delivered: row.delivered,
    failed: row.failed,
    skipped: row.skipped,
    remaining: row.state === "cancelled" ? 0 : unsent,
    blocked_reason: running ? replayBlock({ enabled: row.endpointEnabled, circuitState: row.circuitState }) : null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    finished_at: row.finishedAt?.toISOString() ?? null,
  };
}
