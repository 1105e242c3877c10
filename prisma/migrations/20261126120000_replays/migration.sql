-- Replays (DESIGN §5, §6): a replay snapshots the deliveries it covers into replay_items when it is
-- created (so `total` and the counts are exact however the deliveries change later) and drips them
-- out at its own rate through the normal claim and its isolation gates.

CREATE TYPE "replay_item_state" AS ENUM ('waiting', 'scheduled', 'sending', 'delivered', 'failed', 'skipped', 'cancelled');

-- Set while a delivery's replay attempt is claimed and in flight: the claim and the recorder read it
-- from the row (the source of truth) to record the attempt as a replay and count it in its replay.
ALTER TABLE "deliveries" ADD COLUMN "replay_id" TEXT;

ALTER TABLE "replays"
    DROP COLUMN "cursor",
    -- Deliveries that were busy (being sent or already scheduled) when their turn came.
    ADD COLUMN "skipped" INTEGER NOT NULL DEFAULT 0,
    -- The replay's own pacing: when its next delivery may be scheduled.
    ADD COLUMN "next_slot_at" TIMESTAMPTZ(3),
    DROP CONSTRAINT "replays_progress_consistent",
    ADD CONSTRAINT "replays_progress_consistent"
        CHECK ("delivered" >= 0 AND "failed" >= 0 AND "skipped" >= 0 AND "sent" + "skipped" <= "total" AND "delivered" + "failed" <= "sent");

CREATE TABLE "replay_items" (
    "tenant_id" TEXT NOT NULL,
    "replay_id" TEXT NOT NULL,
    "delivery_id" TEXT NOT NULL,
    "state" "replay_item_state" NOT NULL DEFAULT 'waiting',
    "scheduled_at" TIMESTAMPTZ(3),
    CONSTRAINT "replay_items_pkey" PRIMARY KEY ("tenant_id", "replay_id", "delivery_id"),
    CONSTRAINT "replay_items_tenant_id_replay_id_fkey" FOREIGN KEY ("tenant_id", "replay_id") REFERENCES "replays"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- The next items to schedule, in delivery order, without walking the finished ones.
CREATE INDEX "replay_items_waiting_idx" ON "replay_items"("tenant_id", "replay_id", "delivery_id") WHERE "state" = 'waiting';
