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
  expect(await checkHealth(() => database.db)).toEqual({ status: "ok", db: "ok" });
});

it("reports the reason when the database is unreachable", async () => {
  const unreachable = createDb(`postgresql://nobody:x@127.0.0.1:${await freePort()}/none`, 1);
  const report = await checkHealth(() => unreachable, 3_000);
  expect(report).toMatchObject({ status: "error", db: "unreachable", reason: "database not reachable" });
  await unreachable.$disconnect();
});

it("reports a missing DATABASE_URL as a reason, not a crash", async () => {
  const report = await checkHealth(() => {
    throw new Error("DATABASE_URL is not set: start Hookline with `npm start`");
  });
  expect(report).toMatchObject({ status: "error", reason: "DATABASE_URL is not set" });
});

it("never puts hosts, users or raw messages in the reason", async () => {
  const unknownDb = createDb(`postgresql://secretuser:pw@127.0.0.1:${database.url.split(":")[3]!.split("/")[0]}/no_such_db`, 1);
  const report = await checkHealth(() => unknownDb, 3_000);
  expect(report).toMatchObject({ status: "error", reason: expect.stringMatching(/^(authentication failed|database does not exist)$/) });
  expect(JSON.stringify({ ...report, error: undefined })).not.toContain("secretuser");
  await unknownDb.$disconnect();
});
