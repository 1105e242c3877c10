// schema.prisma and the hand-written migrations must describe the same database.
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schemaDrift } from "../testing/schema-drift";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";

const SCHEMA_FILE = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");
let database: TestDatabase;
let schema: string;

beforeAll(async () => {
  database = await createTestDatabase();
  schema = await readFile(SCHEMA_FILE, "utf8");
});
afterAll(() => database.drop());

async function sql(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

describe("schema drift", () => {
  it("finds none between schema.prisma and the migrated database", async () => {
    expect(await schemaDrift(schema, database.url)).toEqual([]);
  });

  it("reports a field added to schema.prisma without a migration", async () => {
    const edited = schema.replace(/model Tenant \{\n/, "model Tenant {\n  plan String @default(\"free\")\n");
    expect(await schemaDrift(edited, database.url)).toEqual(["tenants.plan: in schema.prisma, missing from the database"]);
  });

  it("reports an index and a nullability change made in only one place", async () => {
    const edited = schema
      .replace("@@index([tenantId, type, id])", "")
      .replace("lastError          String?", "lastError          String");
    expect((await schemaDrift(edited, database.url)).sort()).toEqual([
      "deliveries.last_error: required in schema.prisma, nullable in the database",
      "events: index events_tenant_id_type_id_idx (tenant_id, type, id) in the database, missing from schema.prisma",
    ]);
  });

  it("reports a relation whose foreign key the migrations lack, and a changed array default", async () => {
    const edited = schema
      .replace("tenant Tenant @relation(fields: [tenantId], references: [id], onDelete: Cascade)\n\n  @@id([tenantId, key])", "\n  @@id([tenantId, key])")
      .replace("idempotencyKeys IdempotencyKey[]", "")
      .replace("@default([])", '@default(["all"])');
    expect((await schemaDrift(edited, database.url)).sort()).toEqual([
      "api_keys.scopes: default literal:[\"all\"] in schema.prisma, ARRAY[]::text[] in the database",
      "idempotency_keys: foreign key idempotency_keys_tenant_id_fkey (tenant_id) → tenants(id) on delete Cascade on update Cascade in the database, missing from schema.prisma",
    ]);
  });

  // Runs after the others: they change the database.
  it("reports a partial index that is not listed as SQL-only", async () => {
    await sql(`CREATE INDEX "deliveries_due_idx" ON "deliveries" ("tenant_id", "next_attempt_at") WHERE "status" = 'retrying'`);
    expect(await schemaDrift(schema, database.url)).toEqual([
      "deliveries: index deliveries_due_idx [partial or expression: list it in SQL_ONLY_INDEXES] (tenant_id, next_attempt_at) in the database, missing from schema.prisma",
    ]);
    await sql(`DROP INDEX "deliveries_due_idx"`);
  });

  it("reports a column a migration adds that schema.prisma lacks", async () => {
    await sql(`ALTER TABLE "endpoints" ADD COLUMN "region" TEXT NOT NULL DEFAULT 'eu'`);
    expect(await schemaDrift(schema, database.url)).toEqual(["endpoints.region: in the database, missing from schema.prisma"]);
  });
});
