import { describe, expect, it } from "vitest";
import { changesOf, EMPTY_FORM, type Endpoint, fieldsOf, headerRow, placeServerErrors, validate, valuesOf } from "./endpoint-form-values";
import { filterProblem, subscribedTypes } from "./event-type-filters";

const endpoint: Endpoint = {
  id: "ep_1",
  url: "https://example.com/hooks",
  description: "Billing",
  event_types: ["invoice.*"],
  enabled: true,
  disabled_reason: null,
  disabled_at: null,
  timeout_ms: 15_000,
  rate_limit_per_second: null,
  max_concurrency: 10,
  headers: { "X-Team": "billing" },
  circuit_state: "closed",
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z",
};

describe("endpoint form values", () => {
  it("turns the typed form into the API's fields (seconds → ms, blank limits → null/default)", () => {
    const values = { ...EMPTY_FORM, url: " https://a.test/x ", eventTypes: ["*"], timeoutSeconds: "2.5", headers: [headerRow("X-A", "1"), headerRow("", "")] };
    expect(fieldsOf(values)).toEqual({
      url: "https://a.test/x",
      description: "",
      event_types: ["*"],
      timeout_ms: 2500,
      rate_limit_per_second: null,
      max_concurrency: 10,
      headers: { "X-A": "1" },
    });
    expect(fieldsOf({ ...values, timeoutSeconds: "" })).not.toHaveProperty("timeout_ms");
  });

  it("sends only what changed on edit", () => {
    const values = valuesOf(endpoint);
    expect(changesOf(endpoint, values)).toEqual({});
    expect(changesOf(endpoint, { ...values, rateLimit: "5", headers: [] })).toEqual({ rate_limit_per_second: 5, headers: {} });
  });

  it("catches the obvious mistakes before the round trip", () => {
    const row = headerRow("x-a", "1");
    const twice = headerRow("X-A", "2");
    const errors = validate({ ...EMPTY_FORM, url: "ftp://x", timeoutSeconds: "31", rateLimit: "0", maxConcurrency: "1.5", headers: [row, twice] });
    expect(Object.keys(errors).sort()).toEqual(["event_types", "headers." + twice.key, "max_concurrency", "rate_limit_per_second", "timeout_ms", "url"].sort());
    expect(validate({ ...EMPTY_FORM, url: "not a url", eventTypes: ["*"] }).url).toMatch(/full URL/);
    expect(validate({ ...EMPTY_FORM, url: "http://a.test", eventTypes: ["*"] })).toEqual({});
    expect(validate({ ...EMPTY_FORM, url: "http://a.test", eventTypes: ["*"] }, { timeoutRequired: true })).toHaveProperty("timeout_ms");
  });

  it("places the server's field paths next to their inputs", () => {
    const row = headerRow("X-Foo", "v");
    const values = { ...EMPTY_FORM, eventTypes: ["invoice.paid", "bad*"], headers: [row] };
    const placed = placeServerErrors({ "event_types.1": "not valid", "headers.X-Foo": "reserved", timeout_ms: "too big", enabled: "odd" }, values);
    expect(placed.errors).toEqual({ event_types: "bad*: not valid", [`headers.${row.key}`]: "X-Foo: reserved", timeout_ms: "too big" });
    expect(placed.unplaced).toEqual(["enabled: odd"]);
  });
});

describe("event type filters in the browser", () => {
  it("accepts names, prefixes and *; matches like the server", () => {
    expect(filterProblem("invoice.*")).toBeNull();
    expect(filterProblem("*")).toBeNull();
    expect(filterProblem("invoice*")).toMatch(/stands alone/);
    expect(filterProblem("Invoice.Paid")).toMatch(/Lowercase/);
    const types = [{ name: "invoice.paid" }, { name: "invoices.x" }, { name: "charge.failed" }];
    expect(subscribedTypes(["invoice.*"], types).map((t) => t.name)).toEqual(["invoice.paid"]);
    expect(subscribedTypes(["*"], types)).toHaveLength(3);
    expect(subscribedTypes(["charge.failed"], types).map((t) => t.name)).toEqual(["charge.failed"]);
  });
});
