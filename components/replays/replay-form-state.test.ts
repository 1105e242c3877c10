import { describe, expect, it } from "vitest";
import { checkValues, initialValues } from "./replay-form-state";

const LIMITS = { minRate: 0.1, maxRate: 1_000, maxDeliveries: 10_000 };
const values = (eventTypes: string) => ({ ...initialValues({ endpoint_id: "ep_1" }), eventTypes });

describe("new-replay form values", () => {
  it("keeps only settled statuses from the URL, failed when none is left", () => {
    expect(initialValues({ status: "cancelled,retrying,delivered" }).statuses).toEqual(["cancelled", "delivered"]);
    expect(initialValues({ status: "retrying" }).statuses).toEqual(["failed"]);
  });

  it("checks event type filters with the endpoints' rules: names, prefix.* and * pass", () => {
    const checked = checkValues(values("invoice.paid, invoice.*, *"), LIMITS);
    expect(checked.errors).toEqual({});
    expect(checked.filter).toEqual({ endpoint_id: "ep_1", statuses: ["failed"], event_types: ["invoice.paid", "invoice.*", "*"] });
  });

  it.each([
    ["Invoice", /Lowercase letters/],
    ["invoice*", /ends a prefix/],
    [`a${".b".repeat(64)}`, /At most 128 characters/],
  ])("refuses %s before the preview asks the API", (type, message) => {
    const checked = checkValues(values(`charge.failed, ${type}`), LIMITS);
    expect(checked.errors.event_types).toMatch(message);
    expect(checked.filter).toBeNull();
  });
});
