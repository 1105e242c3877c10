import { describe, expect, it } from "vitest";
import { deliveriesListInput, deliveryFilterErrors, readDeliveryFilters, replayMatchingHref } from "./delivery-filters";

const NOW = Date.parse("2026-03-10T12:34:56.789Z");
const filtersOf = (query: string) => readDeliveryFilters(new URLSearchParams(query));

describe("deliveries explorer filters", () => {
  it("reads the URL's filters, ignoring unknown statuses, in the canonical status order", () => {
    expect(filtersOf("status=retrying,bogus,failed&event_type=invoice.*&endpoint_id=ep_1")).toMatchObject({
      statuses: ["retrying", "failed"],
      eventType: "invoice.*",
      endpointId: "ep_1",
    });
  });

  it("builds the list input: status as a comma list, a preset range from the minute", () => {
    const { input, problem } = deliveriesListInput(filtersOf("status=failed,delivered&event_type=charge.*&range=1h"), NOW, "cur");
    expect(problem).toBeUndefined();
    expect(input).toEqual({ limit: 25, cursor: "cur", status: "delivered,failed", event_type: "charge.*", since: "2026-03-10T11:34:00.000Z" });
  });

  it("refuses an inverted custom range before asking the server", () => {
    const { problem } = deliveriesListInput(filtersOf("range=custom&since=2026-03-10T12:00:00Z&until=2026-03-10T11:00:00Z"), NOW, undefined);
    expect(problem).toMatch(/ends before it starts/);
  });

  it("names a hand-edited event type or endpoint id the API would refuse, so the list is not asked", () => {
    expect(deliveryFilterErrors(filtersOf("event_type=invoice.*&endpoint_id=ep_1"))).toEqual({});
    expect(deliveriesListInput(filtersOf("event_type=Invoice&endpoint_id=" + "e".repeat(65)), NOW, undefined).errors).toEqual({
      event_type: expect.stringMatching(/Lowercase letters/),
      endpoint_id: expect.stringMatching(/at most 64 characters/),
    });
    expect(deliveryFilterErrors(filtersOf("event_type=invoice*")).event_type).toMatch(/ends a prefix/);
    expect(replayMatchingHref(filtersOf("endpoint_id=ep_1&event_type=Invoice"), NOW)).toBeNull();
  });

  it("links Replay matching… with the filters only when an endpoint is chosen, keeping replayable statuses", () => {
    expect(replayMatchingHref(filtersOf("status=failed"), NOW)).toBeNull();
    const href = replayMatchingHref(filtersOf("endpoint_id=ep_1&status=failed,retrying,cancelled&event_type=invoice.*&range=custom&since=2026-03-01T00:00:00Z"), NOW);
    const url = new URL(href!, "http://portal");
    expect(url.pathname).toBe("/replays/new");
    expect(Object.fromEntries(url.searchParams)).toEqual({ endpoint_id: "ep_1", status: "failed,cancelled", event_type: "invoice.*", since: "2026-03-01T00:00:00.000Z" });
  });
});
