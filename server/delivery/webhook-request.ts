// The outbound request of DESIGN §4: Standard Webhooks headers, the JSON envelope, one signature per
// valid secret. Also the copy of the headers we keep with the attempt, with secrets redacted.
import { signatureHeader } from "./signature";

export type WebhookMessage = {
  eventId: string;
  type: string;
  eventCreatedAt: Date;
  payload: unknown;
  secrets: readonly string[];
  customHeaders: Record<string, string>;
};

export type WebhookRequest = { headers: Record<string, string>; body: string; recordedHeaders: Record<string, string> };

const SENSITIVE_HEADER = /auth|token|secret|key|cookie|signature|password/i;

export function buildWebhookRequest(message: WebhookMessage, nowSeconds: number, userAgent: string): WebhookRequest {
  const body = JSON.stringify({
    id: message.eventId,
    type: message.type,
    timestamp: message.eventCreatedAt.toISOString(),
    data: message.payload,
  });
  const headers: Record<string, string> = {
    ...message.customHeaders,
    "content-type": "application/json",
    "user-agent": userAgent,
    "webhook-id": message.eventId,
    "webhook-timestamp": String(nowSeconds),
    "webhook-signature": signatureHeader(message.secrets, message.eventId, nowSeconds, body),
  };
  return { headers, body, recordedHeaders: redactHeaders(headers) };
}

/** What an attempt records: everything but secret-looking values. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      if (name === "webhook-signature") return [name, value.split(" ").map(() => "v1,<redacted>").join(" ")];
      return [name, SENSITIVE_HEADER.test(name) ? "<redacted>" : value];
    }),
  );
}
