// The HTTP sender's pure parts: error classification, and the DNS guard against a faked resolver.
import type { LookupAddress } from "node:dns";
import { describe, expect, it, vi } from "vitest";
import { classifyError, createHttpSender } from "./http-sender";

const answers: Record<string, LookupAddress[]> = {
  "mixed.example": [
    { address: "93.184.216.34", family: 4 },
    { address: "10.1.2.3", family: 4 },
  ],
  "ula.example": [{ address: "fd12::7", family: 6 }],
};
const lookup = vi.hoisted(() => vi.fn());
vi.mock("node:dns", async (importOriginal) => ({ ...(await importOriginal<object>()), lookup }));
lookup.mockImplementation((hostname: string, _options: unknown, callback: (error: Error | null, addresses?: LookupAddress[]) => void) => {
  const found = answers[hostname];
  if (found) callback(null, found);
  else callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", syscall: "getaddrinfo" }));
});

describe("DNS guard", () => {
  it("refuses a name when any of its addresses is private, rather than filtering it out", async () => {
    const sender = createHttpSender({ allowPrivateTargets: false });
    const send = (host: string) => sender.send({ url: `https://${host}/hook`, headers: {}, body: "{}", timeoutMs: 1_000 });
    expect(await send("mixed.example")).toMatchObject({
      kind: "error",
      errorKind: "blocked_address",
      message: "mixed.example resolves to 10.1.2.3 (private); private targets are not allowed",
    });
    expect(await send("ula.example")).toMatchObject({ errorKind: "blocked_address", message: expect.stringContaining("fd12::7 (unique-local)") });
    expect(await send("missing.example")).toMatchObject({ errorKind: "dns" });
    expect(lookup).toHaveBeenCalledWith("mixed.example", expect.objectContaining({ all: true }), expect.any(Function));
    await sender.close();
  });
});

const coded = (code: string, message = `failed: ${code}`, extra: object = {}) => Object.assign(new Error(message), { code }, extra);

describe("classifyError", () => {
  it.each([
    ["timeout", new DOMException("The operation was aborted due to timeout", "TimeoutError")],
    ["timeout", new DOMException("This operation was aborted", "AbortError")],
    ["timeout", coded("UND_ERR_CONNECT_TIMEOUT")],
    ["timeout", coded("UND_ERR_HEADERS_TIMEOUT")],
    ["timeout", coded("UND_ERR_BODY_TIMEOUT")],
    ["dns", coded("ENOTFOUND", "getaddrinfo ENOTFOUND x.invalid", { syscall: "getaddrinfo" })],
    ["dns", coded("EAI_AGAIN", "getaddrinfo EAI_AGAIN x.example", { syscall: "getaddrinfo" })],
    ["dns", coded("EAI_NONAME")],
    ["tls", coded("ERR_TLS_CERT_ALTNAME_INVALID")],
    ["tls", coded("CERT_HAS_EXPIRED")],
    ["tls", coded("UNABLE_TO_VERIFY_LEAF_SIGNATURE")],
    ["tls", coded("DEPTH_ZERO_SELF_SIGNED_CERT")],
    ["tls", coded("SELF_SIGNED_CERT_IN_CHAIN")],
    ["tls", coded("ERR_SSL_WRONG_VERSION_NUMBER")],
    ["connection", coded("ECONNREFUSED")],
    ["connection", coded("ECONNRESET")],
    ["connection", coded("EPIPE")],
    ["connection", coded("EHOSTUNREACH")],
    ["connection", coded("ENETUNREACH")],
    ["connection", coded("UND_ERR_SOCKET")],
    ["connection", coded("UND_ERR_CLOSED")],
    ["connection", coded("HPE_INVALID_CONSTANT")],
    ["internal", coded("UND_ERR_INVALID_ARG")],
    ["internal", new TypeError("boom")],
    ["internal", "a string"],
  ])("%s ← %o", (kind, error) => {
    expect(classifyError(error, 1_000).errorKind).toBe(kind);
  });

  it("looks through AggregateError (autoSelectFamily) and .cause", () => {
    const refused = new AggregateError([coded("ECONNREFUSED"), coded("ECONNREFUSED")], "");
    expect(classifyError(refused, 1_000)).toEqual({ errorKind: "connection", message: "failed: ECONNREFUSED" });
    const wrapped = Object.assign(new Error("fetch failed"), { cause: coded("CERT_HAS_EXPIRED") });
    expect(classifyError(wrapped, 1_000).errorKind).toBe("tls");
  });

  it("keeps messages short: a fixed text for timeouts, one bounded line otherwise", () => {
    expect(classifyError(coded("UND_ERR_HEADERS_TIMEOUT"), 750).message).toBe("no complete response within 750 ms");
    const long = classifyError(new Error(`${"x".repeat(1_000)}\nsecond line`), 1_000).message;
    expect(long.length).toBeLessThanOrEqual(301);
    expect(long).not.toContain("second line");
  });
});
