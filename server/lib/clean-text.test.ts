import { describe, expect, it } from "vitest";
import { findUnstorableText, isStorableText, storableText } from "./clean-text";

describe("storable text", () => {
  it.each([
    ["ok\u0000bin", "ok\uFFFDbin"],
    ["lone \uD800 high", "lone \uFFFD high"],
    ["lone \uDC00 low", "lone \uFFFD low"],
    ["pair 😀 kept", "pair 😀 kept"],
    ["plain", "plain"],
  ])("%j → %j", (input, output) => {
    expect(storableText(input)).toBe(output);
    expect(isStorableText(output)).toBe(true);
  });

  it("finds the first unstorable string in nested JSON, keys included", () => {
    expect(findUnstorableText({ a: [1, "x", { b: "y\u0000" }] })).toEqual(["a", 2, "b"]);
    expect(findUnstorableText({ ["k\uD800"]: 1 })).toEqual(["k\uD800"]);
    expect(findUnstorableText({ a: [1, "ok", { b: "😀" }] })).toBeNull();
  });

  it("is stable across calls (no global-regex state)", () => {
    for (let i = 0; i < 3; i++) expect(isStorableText("a\u0000")).toBe(false);
  });
});
