// Cursor pagination under concurrent inserts, through the real route handlers and PostgreSQL. No worker
// runs, so deliveries stay pending. Deliveries are made by the fan-out's own insert (insertDeliveries),
// events by the real publish service. While a walk pages newest first, a loop keeps inserting rows with
// new ids and with "late" ids inside the range already walked (a transaction that named its rows
// earlier and commits now): every row that existed before the walk must come back exactly once.
import { fromPrisma } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getEventRoute } from "../events/[id]/route";
import { GET as listEventsRoute } from "../events/route";
import { POST as createEndpointRoute } from "../endpoints/route";
import { GET as listDeliveriesRoute } from "./route";
import { webBoss } from "../../../../server/jobs/boss";
import { newId } from "../../../../server/lib/ids";
import { insertDeliveries } from "../../../../server/modules/deliveries/fan-out.repo";
import { type PublishDeps, publishEvent } from "../../../../server/modules/events/event-publish.service";
import { IngestRateLimiter } from "../../../../server/modules/events/ingest-rate-limit";
import { publishDeps } from "../../../../server/modules/events/publish-deps";
import { callRoute, type RouteResult } from "../../../../server/testing/call-route";
import { createTenantFixture, TEST_EVENT_TYPES, type TenantFixture } from "../../../../server/testing/tenant-fixture";
import { createTestDatabase, type TestDatabase, useAsProcessDatabase } from "../../../../server/testing/test-database";

const PAGE = 37; // odd on purpose: pages never line up with the batches inserted
const NO_LIMIT = "1000000";

let database: TestDatabase;
let tenant: TenantFixture;

beforeAll(async () => {
  database = await createTestDatabase();
  useAsProcessDatabase(database, {
    INGEST_RATE_PER_SECOND: NO_LIMIT,
    INGEST_BURST: NO_LIMIT,
    API_RATE_LIMIT_PER_SECOND: NO_LIMIT,
    API_RATE_LIMIT_BURST: NO_LIMIT,
  });
  tenant = await createTenantFixture(database.db, "Pagination");
});
afterAll(async () => {
  await (await webBoss(database.url)).stop({ graceful: false });
  await database?.drop();
});

async function createEndpoints(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await callRoute(createEndpointRoute, { token: tenant.apiKey, body: { url: `https://example.com/hooks/${i}` } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    ids.push(response.body.id);
  }
  return ids;
}

/** Publishes through the real service; `deps` may carry a clock set back in time (ids inside a walked range). */
async function publish(count: number, deps?: PublishDeps): Promise<string[]> {
  const using = deps ?? (await publishDeps());
  const events = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      publishEvent(using, { tenant_id: tenant.tenantId, type: TEST_EVENT_TYPES[i % TEST_EVENT_TYPES.length]!, data: { i } }),
    ),
  );
  return events.map((e) => e.event.id);
}

async function backdatedDeps(atMs: () => number): Promise<PublishDeps> {
  const limiter = new IngestRateLimiter({ ratePerSecond: 1_000_000, burst: 1_000_000 });
  return { db: database.db, boss: await webBoss(database.url), limiter, now: atMs };
}

/** One delivery per (event, endpoint), inserted as fan-out does; `idTime` names them (default: now). */
async function deliver(eventIds: string[], endpointIds: string[], idTime: () => number = Date.now): Promise<string[]> {
  const rows = eventIds.flatMap((eventId) =>
    endpointIds.map((endpointId) => ({ tenantId: tenant.tenantId, id: newId("dlv", idTime()), eventId, endpointId, held: false })),
  );
  return (await insertDeliveries(fromPrisma(database.db), rows)).map((row) => row.id);
}

type Handler = Parameters<typeof callRoute>[0];

/** Pages newest first until next_cursor is null, running `between` after each page. */
async function walk(route: Handler, path: string, between: () => Promise<unknown>): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = `${path}?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ""}`;
    const response: RouteResult = await callRoute(route, { path: query, token: tenant.apiKey });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const page = (response.body.data as Array<{ id: string }>).map((row) => row.id);
    expect(page.length).toBeLessThanOrEqual(PAGE);
    if (response.body.next_cursor) expect(page).toHaveLength(PAGE);
    ids.push(...page);
    cursor = response.body.next_cursor;
    pages++;
    await between();
  } while (cursor);
  return { ids, pages };
}

/** Keeps running `insert` (the "during" part) until stopped; counts the rounds. */
function insertingLoop(insert: () => Promise<unknown>) {
  let running = true;
  let rounds = 0;
  const done = (async () => {
    while (running) {
      await insert();
      rounds++;
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return rounds;
    },
  };
}

function expectEachExactlyOnce(walked: string[], existing: string[]): void {
  expect(new Set(walked).size, "no id twice").toBe(walked.length);
  expect([...walked].sort().reverse(), "newest first").toEqual(walked);
  const seen = new Set(walked);
  const missing = existing.filter((id) => !seen.has(id));
  expect(missing, "no pre-existing row skipped").toEqual([]);
}

/** A random time between two instants: ids named then sort among the rows made meanwhile. */
function timeBetween(low: number, high: number): () => number {
  return () => low + Math.floor(Math.random() * (high - low + 1));
}

describe("GET /api/v1/deliveries cursor pagination under concurrent inserts", () => {
  it("walks 1,000 pre-existing deliveries with limit=37: each exactly once while new and late rows keep arriving", async () => {
    const endpoints = await createEndpoints(4);
    const existing: string[] = [];
    const start = Date.now();
    // In batches with distinct milliseconds, so the walk crosses many ms boundaries and batch edges.
    for (let batch = 0; batch < 10; batch++) existing.push(...(await deliver(await publish(25), endpoints)));
    expect(existing).toHaveLength(1_000);
    const lateTime = timeBetween(start, Date.now());
    const insertSome = async () => {
      const [eventId] = await publish(1);
      await deliver([eventId!], endpoints.slice(0, 2));
      await deliver([eventId!], endpoints.slice(2), lateTime);
    };

    const during = insertingLoop(insertSome);
    const { ids, pages } = await walk(listDeliveriesRoute, "/api/v1/deliveries", insertSome);
    const rounds = await during.stop();

    expect(pages).toBeGreaterThanOrEqual(Math.ceil(1_000 / PAGE));
    expect(rounds, "inserts ran while the walk paged").toBeGreaterThan(0);
    const total = await database.db.delivery.count({ where: { tenantId: tenant.tenantId } });
    expect(total).toBeGreaterThanOrEqual(1_000 + 4 * (pages + rounds));
    expectEachExactlyOnce(ids, existing);
  });
});

describe("GET /api/v1/events cursor pagination under concurrent inserts", () => {
  it("walks 300 pre-existing events with limit=37: each exactly once while events with new and late ids are published", async () => {
    const start = Date.now();
    const existing: string[] = [];
    for (let batch = 0; batch < 6; batch++) existing.push(...(await publish(50)));
    // Events published by the other tests of this tenant are pre-existing too.
    const all = await database.db.event.findMany({ where: { tenantId: tenant.tenantId }, select: { id: true } });
    const late = await backdatedDeps(timeBetween(start, Date.now()));
    const publishSome = async () => {
      await publish(2);
      await publish(2, late);
    };

    const during = insertingLoop(publishSome);
    const { ids } = await walk(listEventsRoute, "/api/v1/events", publishSome);
    const rounds = await during.stop();

    expect(rounds).toBeGreaterThan(0);
    expectEachExactlyOnce(ids, all.map((e) => e.id));
    expect(existing.every((id) => ids.includes(id))).toBe(true);
  });
});

describe("GET /api/v1/events/{id}: an event with more deliveries than one page", () => {
  it("shows the newest 100 deliveries; deliveries_next_cursor continues on GET /api/v1/deliveries?event_id=", async () => {
    const endpoints = await createEndpoints(101);
    const [eventId] = await publish(1);
    const created = await deliver([eventId!], endpoints);
    const detail = await callRoute(getEventRoute, { token: tenant.apiKey, params: { id: eventId! } });
    expect(detail.status, JSON.stringify(detail.body)).toBe(200);
    const shown = (detail.body.deliveries as Array<{ id: string; event_id: string }>).map((d) => d.id);
    expect(shown).toHaveLength(100);
    expect(detail.body.deliveries_next_cursor).toEqual(expect.any(String));
    const rest = await callRoute(listDeliveriesRoute, {
      path: `/api/v1/deliveries?event_id=${eventId}&cursor=${detail.body.deliveries_next_cursor}`,
      token: tenant.apiKey,
    });
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect(rest.body.next_cursor).toBeNull();
    const all = [...shown, ...(rest.body.data as Array<{ id: string }>).map((d) => d.id)];
    expect(all).toEqual([...created].sort().reverse());
  });
});
