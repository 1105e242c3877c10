// Partitions: SQL's id encoding matches ours, months are created ahead idempotently, rows land in
// their month, and there is no DEFAULT partition (it would forbid DETACH CONCURRENTLY in retention).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeTime, newId } from "../lib/ids";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { ensurePartitions } from "./partitions";

let database: TestDatabase;
let client: pg.Client;
beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await database.drop();
});

const monthLabel = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
};

async function partitionsOf(parent: string): Promise<Array<{ name: string; bound: string }>> {
  const { rows } = await client.query<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = $1 ORDER BY c.relname`,
    [parent],
  );
  return rows;
}

describe("partitions", () => {
  it("encodes time in SQL exactly as server/lib/ids.ts does", async () => {
    for (const ms of [0, 1, 31, 32, 1_764_547_200_000, Date.UTC(2027, 0, 1), 2 ** 48 - 1]) {
      const { rows } = await client.query<{ encoded: string }>(`SELECT hookline_id_time($1) AS encoded`, [ms]);
      expect(rows[0]!.encoded).toBe(encodeTime(ms));
    }
  });

  it("has last month through three months ahead, bounded at month starts, and no DEFAULT", async () => {
    const now = new Date();
    const expected = [-1, 0, 1, 2, 3].map((step) => Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + step, 1));
    for (const [parent, prefix] of [["events", "evt"], ["attempts", "att"]] as const) {
      const partitions = await partitionsOf(parent);
      expect(partitions.map((p) => p.name)).toEqual(expected.map((ms) => `${parent}_p${monthLabel(ms)}`));
      const first = expected[0]!;
      const next = Date.UTC(new Date(first).getUTCFullYear(), new Date(first).getUTCMonth() + 1, 1);
      expect(partitions[0]!.bound).toBe(`FOR VALUES FROM ('${prefix}_${encodeTime(first)}') TO ('${prefix}_${encodeTime(next)}')`);
      expect(partitions.some((p) => p.bound === "DEFAULT")).toBe(false);
    }
  });

  it("creates only what is missing", async () => {
    expect(await ensurePartitions(database.url)).toEqual([]);
    const inFiveMonths = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 5, 10));
    const created = await ensurePartitions(database.url, inFiveMonths);
    expect(created).toContain(`events_p${monthLabel(inFiveMonths.getTime())}`);
    expect(await ensurePartitions(database.url, inFiveMonths)).toEqual([]);
  });

  it("routes a row to its month, and refuses one no partition covers instead of hiding it", async () => {
    await database.db.tenant.create({ data: { id: "ten_1", name: "Acme" } });
    const now = Date.now();
    const eventId = newId("evt", now);
    await database.db.event.create({ data: { tenantId: "ten_1", id: eventId, type: "charge.succeeded", payload: { amount: 1 } } });
    const { rows } = await client.query<{ partition: string }>(`SELECT tableoid::regclass::text AS partition FROM events WHERE id = $1`, [eventId]);
    expect(rows[0]!.partition).toBe(`events_p${monthLabel(now)}`);

    const farFuture = newId("evt", Date.UTC(2099, 0, 1));
    await expect(
      client.query(`INSERT INTO events (tenant_id, id, type, payload) VALUES ('ten_1', $1, 'x', '{}')`, [farFuture]),
    ).rejects.toThrow(/no partition of relation "events" found for row/);
  });

  it('keeps the partition keys in COLLATE "C" (byte order = time order)', async () => {
    const { rows } = await client.query<{ table: string; collation: string }>(
      `SELECT c.relname AS table, co.collname AS collation FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid JOIN pg_collation co ON co.oid = a.attcollation
       WHERE c.relname IN ('events', 'attempts') AND a.attname = 'id' ORDER BY c.relname`,
    );
    expect(rows).toEqual([{ table: "attempts", collation: "C" }, { table: "events", collation: "C" }]);
  });
});
