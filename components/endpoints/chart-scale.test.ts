import { describe, expect, it } from "vitest";
import { linearScale, niceTicks } from "./chart-scale";

describe("chart scales", () => {
  it("picks round steps that cover the maximum", () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(100)).toEqual([0, 50, 100]);
    expect(niceTicks(1234)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(1, { integer: true })).toEqual([0, 1]);
    expect(niceTicks(3, { integer: true })).toEqual([0, 1, 2, 3]);
  });

  it("maps values onto the plot, zero at the bottom", () => {
    const y = linearScale(10, 20, 220);
    expect(y(0)).toBe(220);
    expect(y(10)).toBe(20);
    expect(y(5)).toBe(120);
  });
});
