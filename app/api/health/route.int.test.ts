// The real route handler, against a real database and against one that is down.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../../server/db/client";
import { freePort } from "../../../server/testing/free-port";
import { createTestDatabase, type TestDatabase } from "../../../server/testing/test-database";
import { GET } from "./route";

const processDb = globalThis as unknown as { hooklineDb?: Db };
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("GET /api/health", () => {
  it("is 200 with db ok when PostgreSQL answers", async () => {
    processDb.hooklineDb = database.db;
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  });

  it("is 503 with the reason when PostgreSQL is unreachable", async () => {
    const down = createDb(`postgresql://nobody:x@127.0.0.1:${await freePort()}/none`, 1);
    processDb.hooklineDb = down;
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "error", db: "unreachable", reason: "database not reachable" });
    await down.$disconnect();
  });
});
