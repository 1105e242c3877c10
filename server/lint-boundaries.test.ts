// The architecture's import boundaries are enforced by ESLint (eslint.config.mjs); this proves the
// rules fire on the code they are meant to stop.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe("import boundaries", () => {
  it.each([
    ['import { request } from "undici";', "undici"],
    ['import pg from "pg";', "pg"],
    ['import { PgBoss } from "pg-boss";', "pg-boss"],
    ['import { lookup } from "node:dns";', "node:dns"],
    ['import { db } from "../db/client";', "the database client"],
    ['import { env } from "../env";', "the environment"],
  ])("server/delivery may not %s (%s)", async (code) => {
    expect(await ruleIdsFor("server/delivery/sender.ts", `${code}\nexport const x = 1;\n`)).toContain("no-restricted-imports");
  });

  it("server/delivery may not read process.env, Date.now() or Math.random()", async () => {
    const code = "export const a = process.env.X;\nexport const b = Date.now();\nexport const c = Math.random();\n";
    expect(await ruleIdsFor("server/delivery/clock.ts", code)).toEqual(["no-restricted-properties", "no-restricted-syntax", "no-restricted-syntax"]);
  });

  it("server/delivery may import pure code", async () => {
    expect(await ruleIdsFor("server/delivery/retry.ts", 'import { parseDuration } from "../lib/duration";\nexport const d = parseDuration;\n')).toEqual([]);
  });

  it("components may not import server code", async () => {
    expect(await ruleIdsFor("components/x.tsx", 'import { db } from "../server/db/client";\nexport const d = db;\n')).toContain("no-restricted-imports");
  });

  it.each(['import { NextResponse } from "next/server";', 'import Page from "../app/page";'])("workers may not %s", async (code) => {
    expect(await ruleIdsFor("workers/x.ts", `${code}\nexport const y = 1;\n`)).toContain("no-restricted-imports");
  });
});
