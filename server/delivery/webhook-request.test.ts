import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildWebhookRequest, redactHeaders } from "./webhook-request";

const secretA = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const secretB = "whsec_c2Vjb25kLXNlY3JldC1mb3ItdGVzdHMtMzItYnl0ZXM=";
const message = {
  eventId: "evt_01JD0000000000000000000000",
  type: "invoice.paid",
  eventCreatedAt: new Date("2026-11-26T10:00:00.000Z"),
  payload: { amount: 4200, lines: [{ sku: "a" }] },
  secrets: [secretA, secretB],
  customHeaders: { "X-Team": "billing", Authorization: "Bearer customer-token" },
};

// The official verifier checks the timestamp against the clock, so the clock is frozen at it.
const nowSeconds = 1_795_000_000;
beforeAll(() => vi.useFakeTimers({ now: nowSeconds * 1000, toFake: ["Date"] }));
afterAll(() => vi.useRealTimers());

describe("buildWebhookRequest", () => {
  const request = buildWebhookRequest(message, nowSeconds, "Hookline/1.2.3");

  it("carries the Standard Webhooks headers, ours overriding nothing the customer may not set", () => {
    expect(request.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "Hookline/1.2.3",
      "webhook-id": message.eventId,
      "webhook-timestamp": String(nowSeconds),
      "X-Team": "billing",
    });
  });

  it("has the JSON envelope of DESIGN §4", () => {
    expect(JSON.parse(request.body)).toEqual({ id: message.eventId, type: "invoice.paid", timestamp: "2026-11-26T10:00:00.000Z", data: message.payload });
  });

  it("signs once per secret, and each secret alone verifies with the official library", () => {
    expect(request.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    for (const secret of [secretA, secretB]) expect(() => new Webhook(secret).verify(request.body, request.headers)).not.toThrow();
    expect(() => new Webhook("whsec_" + Buffer.alloc(32, 7).toString("base64")).verify(request.body, request.headers)).toThrow();
  });

  it("records headers with signatures and secret-looking values redacted", () => {
    expect(request.recordedHeaders).toMatchObject({
      "webhook-signature": "v1,<redacted> v1,<redacted>",
      Authorization: "<redacted>",
      "X-Team": "billing",
      "webhook-id": message.eventId,
    });
    expect(JSON.stringify(request.recordedHeaders)).not.toContain("customer-token");
  });
});

describe("redactHeaders", () => {
  it.each([["X-Api-Key"], ["x-auth-token"], ["Cookie"], ["X-Client-Secret"], ["X-Password"]])("redacts %s", (name) => {
    expect(redactHeaders({ [name]: "value" })).toEqual({ [name]: "<redacted>" });
  });

  it.each([["X-Team"], ["X-Request-Source"]])("keeps %s", (name) => {
    expect(redactHeaders({ [name]: "value" })).toEqual({ [name]: "value" });
  });
});
