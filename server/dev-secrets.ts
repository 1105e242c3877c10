// Secrets nobody configured are generated once into <data dir>/secrets.json (owner-only) and reused
// on every start, so tokens printed yesterday still work today: ADMIN_API_TOKEN, NEXTAUTH_SECRET and
// the embedded PostgreSQL's password (fixed when its cluster is initialised).
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Env } from "./env";
import { readJsonFile, writeJsonFile } from "./lib/json-file";
import { issueToken } from "./lib/tokens";

type StoredSecrets = { ADMIN_API_TOKEN: string; NEXTAUTH_SECRET: string; EMBEDDED_PG_PASSWORD: string };

const GENERATE: { [K in keyof StoredSecrets]: () => string } = {
  ADMIN_API_TOKEN: () => issueToken("admin").token,
  NEXTAUTH_SECRET: () => randomBytes(32).toString("base64url"),
  EMBEDDED_PG_PASSWORD: () => randomBytes(24).toString("base64url"),
};

export const secretsFile = (dataDir: string) => path.resolve(dataDir, "secrets.json");

/** Reads the stored secrets, generating and saving the `needed` ones that are missing. */
async function storedSecrets(dataDir: string, needed: Array<keyof StoredSecrets>): Promise<Partial<StoredSecrets>> {
  const file = secretsFile(dataDir);
  const stored = await readJsonFile<StoredSecrets>(file);
  const missing = needed.filter((name) => !stored[name]);
  for (const name of missing) stored[name] = GENERATE[name]();
  if (missing.length) await writeJsonFile(file, stored);
  return stored;
}

export type ResolvedSecrets = { ADMIN_API_TOKEN: string; NEXTAUTH_SECRET: string; adminTokenFromFile?: string };

export async function resolveSecrets(config: Pick<Env, "ADMIN_API_TOKEN" | "NEXTAUTH_SECRET" | "HOOKLINE_DATA_DIR">): Promise<ResolvedSecrets> {
  if (config.ADMIN_API_TOKEN && config.NEXTAUTH_SECRET) {
    return { ADMIN_API_TOKEN: config.ADMIN_API_TOKEN, NEXTAUTH_SECRET: config.NEXTAUTH_SECRET };
  }
  const needed = (["ADMIN_API_TOKEN", "NEXTAUTH_SECRET"] as const).filter((name) => !config[name]);
  const stored = await storedSecrets(config.HOOKLINE_DATA_DIR, [...needed]);
  return {
    ADMIN_API_TOKEN: config.ADMIN_API_TOKEN ?? stored.ADMIN_API_TOKEN!,
    NEXTAUTH_SECRET: config.NEXTAUTH_SECRET ?? stored.NEXTAUTH_SECRET!,
    adminTokenFromFile: config.ADMIN_API_TOKEN ? undefined : secretsFile(config.HOOKLINE_DATA_DIR),
  };
}

/** The embedded cluster's password: random per data directory, never a well-known default. */
export async function embeddedDatabasePassword(dataDir: string): Promise<string> {
  return (await storedSecrets(dataDir, ["EMBEDDED_PG_PASSWORD"])).EMBEDDED_PG_PASSWORD!;
}
