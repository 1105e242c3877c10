import { describe, expect, it } from "vitest";
import { EVENT_TYPE_NAME, isValidEventTypeName, matchesEventType, parseFilter, subscriptionPatterns } from "./event-type-match";

describe("subscriptionPatterns", () => {
  it.each([
    ["a", ["*", "a"]],
    ["invoice.paid", ["*", "invoice.*", "invoice.paid"]],
    ["a.b.c", ["*", "a.*", "a.b.*", "a.b.c"]],
    ["invoice.payment.failed", ["*", "invoice.*", "invoice.payment.*", "invoice.payment.failed"]],
  ])("%s → %j", (type, patterns) => {
    expect(subscriptionPatterns(type)).toEqual(patterns);
  });
});

describe("matchesEventType", () => {
  it.each([
    [["*"], "invoice.paid", true],
    [["*"], "a", true],
    [["invoice.paid"], "invoice.paid", true],
    [["invoice.paid"], "invoice.paid.late", false],
    [["invoice.paid"], "invoice.pai", false],
    [["invoice.paid"], "invoice", false],
    [["invoice.*"], "invoice.paid", true],
    [["invoice.*"], "invoice.payment.failed", true],
    [["invoice.*"], "invoice", false],
    [["invoices.*"], "invoice.paid", false],
    [["invoice.*"], "invoices.paid", false],
    [["invoice.*"], "invoicex", false],
    [["invoice.payment.*"], "invoice.payment.failed", true],
    [["invoice.payment.*"], "invoice.paid", false],
    [["invoice.payment.*"], "invoice.payment", false],
    [["charge.succeeded", "invoice.*"], "invoice.paid", true],
    [["charge.succeeded", "invoice.*"], "charge.succeeded", true],
    [["charge.succeeded", "invoice.*"], "charge.failed", false],
    [[], "invoice.paid", false],
    // Filters are values, not patterns: nothing in them is interpreted beyond the two wildcard forms.
    [["invoice*"], "invoice.paid", false],
    [["*.paid"], "invoice.paid", false],
    [["invoice.*.failed"], "invoice.payment.failed", false],
    [["Invoice.paid"], "invoice.paid", false],
    [[" invoice.paid"], "invoice.paid", false],
  ])("%j matches %s: %s", (filters, type, expected) => {
    expect(matchesEventType(filters, type)).toBe(expected);
  });
});

describe("isValidEventTypeName", () => {
  it.each([
    "a",
    "invoice",
    "invoice.paid",
    "invoice.payment_failed",
    "user.sign-up",
    "v2.charge.succeeded",
    "_internal.x",
    "a".repeat(128),
    `${"a".repeat(63)}.${"b".repeat(64)}`,
  ])("accepts %s", (name) => {
    expect(isValidEventTypeName(name)).toBe(true);
    expect(EVENT_TYPE_NAME.test(name)).toBe(true);
  });

  it.each([
    "",
    "a".repeat(129),
    "Invoice.paid",
    "invoice..paid",
    ".invoice",
    "invoice.",
    "invoice.*",
    "*",
    "invoice paid",
    "invoice/paid",
    "invoice:paid",
    "invoice.pa!d",
    "invoice.paid\n",
    "façade.created",
  ])("rejects %j", (name) => {
    expect(isValidEventTypeName(name)).toBe(false);
  });
});

describe("parseFilter", () => {
  it.each([
    ["*", { kind: "all" }],
    ["invoice.paid", { kind: "exact", name: "invoice.paid" }],
    ["invoice", { kind: "exact", name: "invoice" }],
    ["invoice.*", { kind: "prefix", prefix: "invoice" }],
    ["invoice.payment.*", { kind: "prefix", prefix: "invoice.payment" }],
    [`${"a".repeat(126)}.*`, { kind: "prefix", prefix: "a".repeat(126) }],
    ["a".repeat(128), { kind: "exact", name: "a".repeat(128) }],
  ])("%j → %o", (filter, expected) => {
    expect(parseFilter(filter)).toEqual(expected);
  });

  it.each([
    ["", /empty/],
    [`${"a".repeat(127)}.*`, /longer than 128/],
    ["a".repeat(129), /longer than 128/],
    ["**", /"\*" may only stand alone/],
    [".*", /"\*" may only stand alone/],
    ["*.paid", /"\*" may only stand alone/],
    ["invoice*", /"\*" may only stand alone/],
    ["invoice.*.failed", /"\*" may only stand alone/],
    ["invoice.**", /"\*" may only stand alone/],
    ["Invoice.*", /"\*" may only stand alone/],
    ["Invoice.paid", /not an event type name/],
    ["invoice..paid", /not an event type name/],
    ["invoice.", /not an event type name/],
    [" invoice.paid", /not an event type name/],
  ])("rejects %j", (filter, reason) => {
    const parsed = parseFilter(filter);
    expect(parsed.kind).toBe("invalid");
    if (parsed.kind === "invalid") expect(parsed.reason).toMatch(reason);
  });

  it("agrees with matchesEventType on every valid filter form", () => {
    const types = ["invoice", "invoice.paid", "invoice.payment.failed", "invoices.paid", "charge.succeeded"];
    const filters = ["*", "invoice", "invoice.*", "invoice.paid", "invoice.payment.*", "charge.*"];
    for (const filter of filters) {
      const parsed = parseFilter(filter);
      for (const type of types) {
        const expected =
          parsed.kind === "all" ||
          (parsed.kind === "exact" && parsed.name === type) ||
          (parsed.kind === "prefix" && type.startsWith(`${parsed.prefix}.`));
        expect(matchesEventType([filter], type), `${filter} vs ${type}`).toBe(expected);
      }
    }
  });
});
