// Prisma client over node-postgres (driver adapter; Prisma 7 ships no query engine binary).
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "../env";
import { PrismaClient, type Prisma } from "./generated/client";

export type Db = PrismaClient;

export function createDb(connectionString: string, poolSize = 10): Db {
  // A bounded connect keeps a dead database from piling up pending connections behind health probes.
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: poolSize, connectionTimeoutMillis: 5_000 }) });
}

export const DATABASE_URL_MISSING =
  "DATABASE_URL is not set: start Hookline with `npm start` (it boots the embedded PostgreSQL and passes its URL on) or set DATABASE_URL.";

export function requireDatabaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error(DATABASE_URL_MISSING);
  return url;
}

const globalForDb = globalThis as unknown as { hooklineDb?: Db };

/** The process-wide client (one pool per process; survives Next.js dev reloads). */
export function db(): Db {
  globalForDb.hooklineDb ??= createDb(requireDatabaseUrl());
  return globalForDb.hooklineDb;
}

/** A client or an open transaction: repositories accept either. */
export type DbClient = Db | Prisma.TransactionClient;
