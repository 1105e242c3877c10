// Prefixed, time-sortable ids: `<prefix>_<10 chars of ms time><16 chars of randomness>` in Crockford
// base32 (ULID layout). Byte order is time order, which is what partitions events and attempts by
// range and what cursor pagination relies on.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const MAX_TIME = 2 ** 48 - 1;

export const ID_PREFIX = {
  tenant: "ten",
  user: "usr",
  apiKey: "key",
  serviceToken: "stk",
  eventType: "etp",
  endpoint: "ep",
  endpointSecret: "sec",
  event: "evt",
  delivery: "dlv",
  attempt: "att",
  replay: "rpl",
} as const;
export type IdPrefix = (typeof ID_PREFIX)[keyof typeof ID_PREFIX];

export function encodeTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_TIME) throw new RangeError(`time out of range: ${ms}`);
  let out = "";
  let rest = ms;
  for (let i = 0; i < TIME_CHARS; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  if (bytes.length < 10) throw new RangeError("need 10 random bytes");
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes.subarray(0, 10)) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return out.slice(0, RANDOM_CHARS);
}

/** A new id; time and randomness are parameters so callers and tests control them. */
export function newId(prefix: IdPrefix, nowMs: number = Date.now(), random: Uint8Array = randomBytes(10)): string {
  return `${prefix}_${encodeTime(nowMs)}${encodeRandom(random)}`;
}

