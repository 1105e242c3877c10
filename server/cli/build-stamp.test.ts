import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lastBuildTime, newestBuildInput, stampBuild } from "./build-stamp";

let root: string;
afterEach(() => rm(root, { recursive: true, force: true }));

describe("build staleness", () => {
  it("a source saved while the build ran makes the build stale", async () => {
    root = await mkdtemp(path.join(tmpdir(), "hookline-build-"));
    await mkdir(path.join(root, ".next"));
    await mkdir(path.join(root, "app"));
    const buildStarted = Date.now() - 60_000;
    // saved 30 s into a build that finished just now
    await writeFile(path.join(root, "app", "page.tsx"), "export {}");
    await utimes(path.join(root, "app", "page.tsx"), new Date(buildStarted + 30_000), new Date(buildStarted + 30_000));
    await utimes(path.join(root, "app"), new Date(buildStarted + 30_000), new Date(buildStarted + 30_000));
    await writeFile(path.join(root, ".next", "BUILD_ID"), "x");

    expect((await lastBuildTime(root))!).toBeGreaterThan(await newestBuildInput(root));
    await stampBuild(buildStarted, root);
    expect((await lastBuildTime(root))!).toBeLessThan(await newestBuildInput(root));
  });

  it("deleting a source makes the build stale", async () => {
    root = await mkdtemp(path.join(tmpdir(), "hookline-build-"));
    await mkdir(path.join(root, ".next"));
    await mkdir(path.join(root, "app"));
    await writeFile(path.join(root, "app", "loading.tsx"), "export {}");
    const past = new Date(Date.now() - 60_000);
    await utimes(path.join(root, "app", "loading.tsx"), past, past);
    await utimes(path.join(root, "app"), past, past);
    await writeFile(path.join(root, ".next", "BUILD_ID"), "x");
    expect((await lastBuildTime(root))!).toBeGreaterThan(await newestBuildInput(root));

    await rm(path.join(root, "app", "loading.tsx"));
    expect((await lastBuildTime(root))!).toBeLessThanOrEqual(await newestBuildInput(root));
  });
});
