// Decides whether the production build is older than the sources it was built from.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";

const BUILD_INPUTS = ["app", "components", "server", "public", "next.config.ts", "postcss.config.mjs", "package-lock.json"];
const SKIP = new Set(["node_modules", ".next", "generated"]);

export async function lastBuildTime(root = "."): Promise<number | undefined> {
  return stat(path.join(root, ".next", "BUILD_ID")).then((s) => s.mtimeMs, () => undefined);
}

export async function newestBuildInput(root = "."): Promise<number> {
  let newest = 0;
  async function visit(target: string): Promise<void> {
    const info = await stat(target).catch(() => undefined);
    if (!info) return;
    if (!info.isDirectory()) {
      newest = Math.max(newest, info.mtimeMs);
      return;
    }
    for (const entry of await readdir(target)) {
      if (!SKIP.has(entry) && !entry.endsWith(".test.ts")) await visit(path.join(target, entry));
    }
  }
  await Promise.all(BUILD_INPUTS.map((input) => visit(path.join(root, input))));
  return newest;
}
