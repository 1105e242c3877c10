import { describe, expect, it } from "vitest";
import { parseDuration, parseDurationList } from "./duration";

describe("parseDuration", () => {
  it.each([
    ["250ms", 250],
    ["5s", 5_000],
    ["1.5s", 1_500],
    ["5m", 300_000],
    ["2h", 7_200_000],
    ["5d", 432_000_000],
    [" 30s ", 30_000],
  ])("%s → %i ms", (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each(["soon", "5", "5 s", "-5s", "5w", "", "s"])("rejects %j with the expected form", (text) => {
    const parsed = parseDuration(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain("ms, s, m, h or d");
  });
});

describe("parseDurationList", () => {
  it("parses the default retry schedule", () => {
    expect(parseDurationList("5s,5m,30m,2h")).toEqual({ ok: true, ms: [5_000, 300_000, 1_800_000, 7_200_000] });
  });

  it.each(["soon", "1s,,2s", "1s,soon", ""])("rejects %j", (text) => {
    expect(parseDurationList(text).ok).toBe(false);
  });
});

