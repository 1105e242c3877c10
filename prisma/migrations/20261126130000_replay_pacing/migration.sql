-- Replay pacing held in the database, so every worker agrees: the claim reserves each replayed
-- delivery's slot on its replay's GCRA arrival time (as it does for an endpoint's rate limit).
ALTER TABLE "replays" ADD COLUMN "rate_tat" TIMESTAMPTZ(3);

-- Scheduled, not yet claimed items: the tick keeps their number bounded, and the sweeper finds the
-- ones whose deliver job was lost.
CREATE INDEX "replay_items_scheduled_idx" ON "replay_items"("tenant_id", "replay_id", "scheduled_at") WHERE "state" = 'scheduled';
