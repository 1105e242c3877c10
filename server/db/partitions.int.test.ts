// Rows land in their month's partition, so retention can drop a month without touching the rest.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { newId } from "../lib/ids";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { ensurePartitions } from "./partitions";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

it("routes events and attempts to their month and keeps ensurePartitions idempotent", async () => {
  const now = Date.now();
  expect((await ensurePartitions(database.url, now)).created).toEqual([]); // the template already has them
  await database.db.tenant.create({ data: { id: "ten_1", name: "Acme" } });
  const eventId = newId("evt", now);
  await database.db.event.create({ data: { tenantId: "ten_1", id: eventId, type: "charge.succeeded", payload: { amount: 1 } } });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ partition: string }>(`SELECT tableoid::regclass::text AS partition FROM events WHERE id = $1`, [eventId]);
    const month = new Date(now);
    expect(rows[0]?.partition).toBe(`events_p${month.getUTCFullYear()}${String(month.getUTCMonth() + 1).padStart(2, "0")}`);
    const { rows: inDefault } = await client.query(`SELECT 1 FROM events_default`);
    expect(inDefault).toHaveLength(0);
  } finally {
    await client.end();
  }
});
