// Settled deliveries for the scenarios that start from existing data (replay, api_read): publish a
// fixed number of events flat out through publishEvent, then wait until every matched delivery has
// settled (the scenario says what counts as settled), printing progress all along.
import { track, waitUntil } from "./progress";
import { createPublishStats, publishFlatOut, type PublishStats } from "./publisher";
import { type BenchContext, formatNumber } from "./scenario";

export type SeedOptions = {
  label: string;
  tenantId: string;
  events: number;
  /** Event types, taken in turn. */
  types: readonly string[];
  /** Deliveries settled so far (e.g. failed on one endpoint); the seed waits for every matched one. */
  settled(): Promise<number>;
};

const IN_FLIGHT = 32;

/** Throws when a publish failed or the deliveries did not settle within --drain-timeout. */
export async function seedDeliveries(ctx: BenchContext, options: SeedOptions): Promise<{ stats: PublishStats; seconds: number }> {
  const { stack, config } = ctx;
  const stats = createPublishStats();
  const startedAt = Date.now();
  const fields = () => ({ published: stats.accepted, expected: stats.matched });
  const tracker = track({ label: options.label, counter: "settled", read: options.settled, fields, log: ctx.log, cpu: stack.cpu });
  try {
    const publishing = { durationMs: config.drainTimeoutS * 1000, inFlight: IN_FLIGHT, maxEvents: options.events, types: options.types };
    await publishFlatOut(stack.publish, options.tenantId, publishing, stats);
    if (stats.accepted < options.events)
      throw new Error(`seeding published ${stats.accepted} of ${options.events} events: ${JSON.stringify(stats.errors)}`);
    if (!(await waitUntil(options.settled, stats.matched, config.drainTimeoutS * 1000)))
      throw new Error(`seeding: ${formatNumber(await options.settled())} of ${formatNumber(stats.matched)} deliveries settled within ${config.drainTimeoutS} s`);
  } finally {
    await tracker.stop();
  }
  return { stats, seconds: (Date.now() - startedAt) / 1000 };
}
