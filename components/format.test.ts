import { describe, expect, it } from "vitest";
import { formatDuration, formatPercent } from "./format";

describe("formatDuration", () => {
  it.each([
    [null, "—"],
    [0, "0 ms"],
    [850, "850 ms"],
    [4_200, "4.2 s"],
    [42_000, "42 s"],
    [185_000, "3 min 5 s"],
    [7_800_000, "2 h 10 min"],
    [273_600_000, "3 d 4 h"],
  ])("%s ms → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("formatPercent", () => {
  it("shows a dash when there is nothing to divide", () => {
    expect(formatPercent(null)).toBe("—");
    expect(formatPercent(0.98765)).toBe("98.8 %");
    expect(formatPercent(1, 0)).toBe("100 %");
  });
});
