import { describe, expect, it } from "vitest";
import { safeCallback } from "./sign-in-form";

const ORIGIN = "https://portal.example.com";

describe("safeCallback", () => {
  it.each([
    ["/endpoints?tab=health", "/endpoints?tab=health"],
    ["https://portal.example.com/deliveries#x", "/deliveries#x"],
    [null, "/"],
  ])("keeps same-origin %j", (input, expected) => {
    expect(safeCallback(input, ORIGIN)).toBe(expected);
  });

  it.each(["//evil.example", "/\\evil.example", "/\t/evil.example", "https://evil.example/", "javascript:alert(1)"])(
    "sends %j home instead",
    (input) => {
      expect(safeCallback(input, ORIGIN)).toBe("/");
    },
  );
});
