import { afterAll, beforeAll, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { freePort } from "../../testing/free-port";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database";
import { checkHealth } from "./health.service";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

it("reports ok after a real round trip", async () => {
  expect(await checkHealth(database.db)).toEqual({ status: "ok", db: "ok" });
});

it("reports the reason when the database is unreachable", async () => {
  const unreachable = createDb(`postgresql://nobody:x@127.0.0.1:${await freePort()}/none`, 1);
  const report = await checkHealth(unreachable, 3_000);
  expect(report.status).toBe("error");
  if (report.status === "error") expect(report.reason.length).toBeGreaterThan(0);
  await unreachable.$disconnect();
});
