// ADMIN_API_TOKEN and NEXTAUTH_SECRET, when unset, are generated once into <data dir>/secrets.json and
// reused on every start, so tokens printed yesterday still work today.
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Env } from "./env";
import { readJsonFile, writeJsonFile } from "./lib/json-file";
import { issueToken } from "./lib/tokens";

export type ResolvedSecrets = { ADMIN_API_TOKEN: string; NEXTAUTH_SECRET: string; generatedInto?: string };

export async function resolveSecrets(config: Pick<Env, "ADMIN_API_TOKEN" | "NEXTAUTH_SECRET" | "HOOKLINE_DATA_DIR">): Promise<ResolvedSecrets> {
  if (config.ADMIN_API_TOKEN && config.NEXTAUTH_SECRET) {
    return { ADMIN_API_TOKEN: config.ADMIN_API_TOKEN, NEXTAUTH_SECRET: config.NEXTAUTH_SECRET };
  }
  const file = path.resolve(config.HOOKLINE_DATA_DIR, "secrets.json");
  const stored = await readJsonFile<ResolvedSecrets>(file);
  const generated = {
    ADMIN_API_TOKEN: stored.ADMIN_API_TOKEN ?? issueToken("admin").token,
    NEXTAUTH_SECRET: stored.NEXTAUTH_SECRET ?? randomBytes(32).toString("base64url"),
  };
  if (generated.ADMIN_API_TOKEN !== stored.ADMIN_API_TOKEN || generated.NEXTAUTH_SECRET !== stored.NEXTAUTH_SECRET) {
    await writeJsonFile(file, generated);
  }
  return {
    ADMIN_API_TOKEN: config.ADMIN_API_TOKEN ?? generated.ADMIN_API_TOKEN,
    NEXTAUTH_SECRET: config.NEXTAUTH_SECRET ?? generated.NEXTAUTH_SECRET,
    generatedInto: file,
  };
}
