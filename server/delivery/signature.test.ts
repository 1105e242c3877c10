import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SECRET_PREFIX, secretFromBytes, signatureHeader, signPayload, verifySignatureHeader } from "./signature";

const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};
const OTHER_SECRET = secretFromBytes(new Uint8Array(32).map((_, i) => i * 7 + 1));

describe("secretFromBytes", () => {
  it.each([
    [new Uint8Array(32), `${SECRET_PREFIX}${"A".repeat(43)}=`],
    [new Uint8Array([0xff, 0xfe, 0xfd]), "whsec_//79"],
  ])("encodes %o as %s", (bytes, secret) => {
    expect(secretFromBytes(bytes)).toBe(secret);
  });

  it("round-trips through signing", () => {
    expect(signPayload(secretFromBytes(new Uint8Array(32).fill(9)), "m", 1, "{}")).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  });
});

describe("signPayload", () => {
  it("matches the Standard Webhooks known-answer vector", () => {
    expect(signPayload(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it.each([
    ["a different id", "msg_other", VECTOR.timestamp, VECTOR.body],
    ["a different timestamp", VECTOR.id, VECTOR.timestamp + 1, VECTOR.body],
    ["a different body", VECTOR.id, VECTOR.timestamp, '{"test":2432232314}'],
  ])("changes with %s", (_, id, timestamp, body) => {
    expect(signPayload(VECTOR.secret, id, timestamp, body)).not.toBe(VECTOR.signature);
  });

  it.each([
    ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", /must start with "whsec_"/],
    ["whsec_", /empty/],
    ["whsec_not base64!", /base64/],
    ["whsec_MfKQ9r8G*KYqrTwjUPD8ILPZIo2LaLaSw", /base64/],
  ])("rejects the secret %j", (secret, message) => {
    expect(() => signPayload(secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toThrow(message);
  });

  it.each([1.5, -1, Number.NaN])("rejects the timestamp %d", (timestamp) => {
    expect(() => signPayload(VECTOR.secret, VECTOR.id, timestamp, VECTOR.body)).toThrow(/unix seconds/);
  });
});

describe("signatureHeader", () => {
  it.each([
    [[VECTOR.secret], VECTOR.signature],
    [[VECTOR.secret, OTHER_SECRET], `${VECTOR.signature} ${signPayload(OTHER_SECRET, VECTOR.id, VECTOR.timestamp, VECTOR.body)}`],
    [[OTHER_SECRET, VECTOR.secret], `${signPayload(OTHER_SECRET, VECTOR.id, VECTOR.timestamp, VECTOR.body)} ${VECTOR.signature}`],
    [[], ""],
  ])("signs with %j in order", (secrets, header) => {
    expect(signatureHeader(secrets, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(header);
  });
});

describe("verifySignatureHeader", () => {
  const other = signPayload(OTHER_SECRET, VECTOR.id, VECTOR.timestamp, VECTOR.body);
  it.each([
    ["the exact signature", VECTOR.signature, true],
    ["the first of two", `${VECTOR.signature} ${other}`, true],
    ["the second of two", `${other} ${VECTOR.signature}`, true],
    ["after other versions", `v1a,${VECTOR.signature.slice(3)} ${VECTOR.signature}`, true],
    ["extra spaces", `  ${other}   ${VECTOR.signature} `, true],
    ["only another secret's signature", other, false],
    ["the right value under another version", `v2,${VECTOR.signature.slice(3)}`, false],
    ["a truncated signature", VECTOR.signature.slice(0, -2), false],
    ["a signature with a trailing byte", `${VECTOR.signature}A`, false],
    ["a bare signature without version", VECTOR.signature.slice(3), false],
    ["an empty header", "", false],
    ["garbage", "v1,!!!! v1, ,,,", false],
  ])("%s → %s", (_, header, ok) => {
    expect(verifySignatureHeader(VECTOR.secret, header, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(ok);
  });

  it.each([
    ["id", "msg_other", VECTOR.timestamp, VECTOR.body],
    ["timestamp", VECTOR.id, VECTOR.timestamp - 1, VECTOR.body],
    ["body", VECTOR.id, VECTOR.timestamp, `${VECTOR.body} `],
  ])("fails when the %s was tampered with", (_, id, timestamp, body) => {
    expect(verifySignatureHeader(VECTOR.secret, VECTOR.signature, id, timestamp, body)).toBe(false);
  });
});

describe("interoperability with the official standardwebhooks package", () => {
  // The package checks the timestamp against its own clock; freezing the clock keeps the test deterministic.
  const nowSeconds = 1_750_000_000;
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ["the first", VECTOR.secret],
    ["the second", OTHER_SECRET],
  ])("a two-secret header verifies with %s secret alone", (_, secret) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(nowSeconds * 1000);
    const body = '{"id":"evt_1","type":"invoice.paid","data":{"amount":42}}';
    const headers = {
      "webhook-id": "evt_1",
      "webhook-timestamp": String(nowSeconds),
      "webhook-signature": signatureHeader([VECTOR.secret, OTHER_SECRET], "evt_1", nowSeconds, body),
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual({ id: "evt_1", type: "invoice.paid", data: { amount: 42 } });
  });

  it("rejects a header signed with neither secret", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(nowSeconds * 1000);
    const signature = signatureHeader([OTHER_SECRET], "evt_1", nowSeconds, "{}");
    const headers = { "webhook-id": "evt_1", "webhook-timestamp": String(nowSeconds), "webhook-signature": signature };
    expect(() => new Webhook(VECTOR.secret).verify("{}", headers)).toThrow(/No matching signature/);
  });

  it("agrees with the package's own signer", () => {
    expect(signPayload(OTHER_SECRET, "evt_2", nowSeconds, "{}")).toBe(new Webhook(OTHER_SECRET).sign("evt_2", new Date(nowSeconds * 1000), "{}"));
  });
});
