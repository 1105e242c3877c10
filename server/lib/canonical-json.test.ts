import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";

describe("canonicalJson", () => {
  it.each([
    [{ b: 1, a: 2 }, { a: 2, b: 1 }],
    [{ x: { d: [1, { z: 1, y: 2 }], c: null } }, { x: { c: null, d: [1, { y: 2, z: 1 }] } }],
  ])("is the same for the same data in another key order", (left, right) => {
    expect(canonicalJson(left)).toBe(canonicalJson(right));
  });

  it.each([
    [{ a: [1, 2] }, { a: [2, 1] }],
    [{ a: 1 }, { a: "1" }],
    [{ a: null }, {}],
  ])("differs when the data differs", (left, right) => {
    expect(canonicalJson(left)).not.toBe(canonicalJson(right));
  });
});
