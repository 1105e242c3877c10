// Standard Webhooks signing (https://www.standardwebhooks.com): what lets customers prove a delivery came
// from us and was not replayed with another id, timestamp or body. Pure: secrets and time are parameters.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SECRET_PREFIX = "whsec_";

// Strict on purpose: Buffer's base64 decoder skips characters it does not know, which would turn a typo
// into a different key that silently fails every customer's verification.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

export function secretFromBytes(bytes: Uint8Array): string {
  return SECRET_PREFIX + Buffer.from(bytes).toString("base64");
}

function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error(`Webhook secret must start with "${SECRET_PREFIX}"`);
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!BASE64.test(encoded)) throw new Error(`Webhook secret must be "${SECRET_PREFIX}" followed by base64`);
  const key = Buffer.from(encoded, "base64");
  if (key.length === 0) throw new Error("Webhook secret key is empty");
  return key;
}

function signatureBytes(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  // A fractional or negative timestamp would be signed as written but never match a receiver's integer.
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new Error(`Webhook timestamp must be whole unix seconds, got ${timestampSeconds}`);
  }
  return createHmac("sha256", secretKey(secret)).update(`${messageId}.${timestampSeconds}.${body}`).digest("base64");
}

export function signPayload(secret: string, messageId: string, timestampSeconds: number, body: string): string {
  return `v1,${signatureBytes(secret, messageId, timestampSeconds, body)}`;
}

/** One signature per secret so receivers on either side of a rotation keep verifying. */
export function signatureHeader(secrets: readonly string[], messageId: string, timestampSeconds: number, body: string): string {
  return secrets.map((secret) => signPayload(secret, messageId, timestampSeconds, body)).join(" ");
}

/** True when any `v1,` signature in the header matches; other versions (e.g. `v1a`) are ignored. */
export function verifySignatureHeader(secret: string, header: string, messageId: string, timestampSeconds: number, body: string): boolean {
  const expected = Buffer.from(signatureBytes(secret, messageId, timestampSeconds, body));
  return header
    .split(" ")
    .filter((part) => part.startsWith("v1,"))
    .some((part) => sameBytes(Buffer.from(part.slice(3)), expected));
}

// The length of an HMAC is public, so only the comparison of equal-length values must be constant-time.
function sameBytes(candidate: Buffer, expected: Buffer): boolean {
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}
