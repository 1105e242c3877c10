// The HTTP sender against real loopback receivers (node:http on 127.0.0.1, port 0).
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout } from "node:timers/promises";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { freePort } from "../server/testing/free-port";
import { createHttpSender, RESPONSE_EXCERPT_BYTES, type SendResult } from "./http-sender";

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;
type Receiver = { url: string; port: number; seen: Seen[]; hits: number; connections: number; maxOpenSockets: number };

const servers: http.Server[] = [];

function drainOrClose(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done).off("close", done);
      resolve();
    };
    res.on("drain", done).on("close", done);
  });
}

async function receiver(handler: Handler): Promise<Receiver> {
  const state: Receiver = { url: "", port: 0, seen: [], hits: 0, connections: 0, maxOpenSockets: 0 };
  let open = 0;
  const server = http.createServer((req, res) => {
    state.hits += 1;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      state.seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString() });
      void handler(req, res);
    });
  });
  server.on("connection", (socket) => {
    state.connections += 1;
    open += 1;
    state.maxOpenSockets = Math.max(state.maxOpenSockets, open);
    socket.on("close", () => (open -= 1));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  servers.push(server);
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}`;
  return state;
}

const sender = createHttpSender({ allowPrivateTargets: true, connectionsPerOrigin: 10 });
const guarded = createHttpSender({ allowPrivateTargets: false });
const post = (url: string, timeoutMs = 5_000) => sender.send({ url, headers: {}, body: "{}", timeoutMs });

afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});
afterAll(async () => {
  await Promise.all([sender.close(), guarded.close()]);
});

function expectResponse(result: SendResult): Extract<SendResult, { kind: "response" }> {
  if (result.kind !== "response") throw new Error(`expected a response, got ${JSON.stringify(result)}`);
  return result;
}

describe("http sender", () => {
  it("POSTs the exact body and headers and returns status, headers and the body excerpt", async () => {
    const target = await receiver((_req, res) => {
      res.setHeader("x-multi", ["a", "b"]);
      res.writeHead(200, { "content-type": "text/plain", "X-Custom": "yes" }).end("thanks, got it ✓");
    });
    const body = JSON.stringify({ type: "invoice.paid", data: { id: "inv_1" } });
    const headers = { "content-type": "application/json", "webhook-id": "msg_1", "webhook-signature": "v1,c2lnbmF0dXJl" };
    const result = expectResponse(await sender.send({ url: `${target.url}/hooks/in?tenant=7#frag`, headers, body, timeoutMs: 5_000 }));

    expect(result).toMatchObject({ status: 200, bodyExcerpt: "thanks, got it ✓", bodyTruncated: false });
    expect(result.headers).toMatchObject({ "content-type": "text/plain", "x-custom": "yes", "x-multi": "a, b" });
    expect(result.retryAfter).toBeUndefined();
    expect(Number.isInteger(result.durationMs)).toBe(true);
    expect(target.seen).toHaveLength(1);
    expect(target.seen[0]).toMatchObject({ method: "POST", url: "/hooks/in?tenant=7", body, headers });
    expect(target.seen[0]!.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
  });

  it("never follows redirects: a 302 is the result, and its Location is never hit", async () => {
    const elsewhere = await receiver((_req, res) => res.end("should not be reached"));
    const target = await receiver((_req, res) => res.writeHead(302, { location: `${elsewhere.url}/moved` }).end());
    const result = expectResponse(await post(target.url));
    expect(result.status).toBe(302);
    expect(result.headers.location).toBe(`${elsewhere.url}/moved`);
    expect(target.hits).toBe(1);
    expect(elsewhere.hits).toBe(0);
  });

  it("cuts a receiver that never answers at the deadline", async () => {
    const target = await receiver(() => undefined);
    const started = performance.now();
    const result = await post(target.url, 500);
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ kind: "error", errorKind: "timeout" });
    expect(elapsed).toBeGreaterThanOrEqual(400);
    expect(elapsed).toBeLessThan(1_500);
    expect(result.durationMs).toBeGreaterThanOrEqual(400);
    expect(result.durationMs).toBeLessThan(1_500);
  });

  it("returns the status with what was read when the deadline hits during the body", async () => {
    const target = await receiver((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("partial");
    });
    const result = expectResponse(await post(target.url, 500));
    expect(result).toMatchObject({ status: 200, bodyExcerpt: "partial", bodyTruncated: true });
    expect(result.durationMs).toBeGreaterThanOrEqual(400);
  });

  it("stops reading a 10 MB body early and keeps only the excerpt", async () => {
    const total = 10 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, "a");
    let written = 0;
    let onClosed: (bytes: number) => void = () => undefined;
    const closed = new Promise<number>((resolve) => (onClosed = resolve));
    const target = await receiver(async (_req, res) => {
      let open = true;
      res.on("close", () => {
        open = false;
        onClosed(written);
      });
      res.writeHead(200, { "content-type": "text/plain" });
      // Paced (one chunk per timer tick, ~0.2 s for all of it): on loopback the kernel alone can absorb
      // ~4 MB of an unpaced burst before the client has read anything, which would hide what it reads.
      while (open && written < total) {
        written += chunk.length;
        if (!res.write(chunk)) await drainOrClose(res);
        await setTimeout(1);
      }
      res.end();
    });
    const heapBefore = process.memoryUsage().heapUsed;
    const result = expectResponse(await post(target.url));
    expect(result).toMatchObject({ status: 200, bodyTruncated: true });
    expect(result.bodyExcerpt).toHaveLength(RESPONSE_EXCERPT_BYTES);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(20 * 1024 * 1024);
    // The receiver sees the connection closed long before it could push 10 MB.
    expect(await closed).toBeLessThan(2 * 1024 * 1024);
  });

  it("reports a refused connection", async () => {
    const port = await freePort();
    expect(await post(`http://127.0.0.1:${port}/`)).toMatchObject({ kind: "error", errorKind: "connection" });
  });

  it("reports a name that does not resolve, with and without the guard", async () => {
    const request = { url: "http://hookline-test.invalid/", headers: {}, body: "{}", timeoutMs: 5_000 };
    expect(await sender.send(request)).toMatchObject({ kind: "error", errorKind: "dns" });
    expect(await guarded.send(request)).toMatchObject({ kind: "error", errorKind: "dns" });
  });

  it("reports a TLS failure (https to a plain-HTTP port)", async () => {
    const target = await receiver((_req, res) => res.end());
    expect(await post(`https://127.0.0.1:${target.port}/`)).toMatchObject({ kind: "error", errorKind: "tls" });
  });

  it("refuses URLs that are not http or https", async () => {
    expect(await post("ftp://example.com/x")).toMatchObject({ kind: "error", errorKind: "internal", message: expect.stringContaining("ftp:") });
    expect(await post("not a url")).toMatchObject({ kind: "error", errorKind: "internal" });
  });

  it.each([
    ["literal IPv4", (port: number) => `http://127.0.0.1:${port}/`, "127.0.0.1"],
    ["name resolved through DNS", (port: number) => `http://localhost:${port}/`, "loopback"],
    ["IPv4-mapped IPv6 literal", (port: number) => `http://[::ffff:127.0.0.1]:${port}/`, "private targets are not allowed"],
  ])("guard refuses a %s pointing at loopback before connecting", async (_name, url, inMessage) => {
    const target = await receiver((_req, res) => res.end("ok"));
    const result = await guarded.send({ url: url(target.port), headers: {}, body: "{}", timeoutMs: 2_000 });
    expect(result).toMatchObject({ kind: "error", errorKind: "blocked_address" });
    expect(result.kind === "error" && result.message).toContain(inMessage);
    expect(result.kind === "error" && result.message).toContain("private targets are not allowed");
    expect(target.hits).toBe(0);
    expect(target.connections).toBe(0);
    // Control: the same URL does reach the receiver when private targets are allowed.
    expect(await post(url(target.port))).toMatchObject({ kind: "response", status: 200 });
    expect(target.hits).toBe(1);
  });

  it("exposes Retry-After", async () => {
    const target = await receiver((_req, res) => res.writeHead(429, { "retry-after": "7" }).end("slow down"));
    expect(await post(target.url)).toMatchObject({ kind: "response", status: 429, retryAfter: "7", bodyExcerpt: "slow down" });
  });

  it("keeps at most connectionsPerOrigin sockets open under 200 concurrent sends", async () => {
    const target = await receiver((_req, res) => void setTimeout(5).then(() => res.end("ok")));
    const results = await Promise.all(Array.from({ length: 200 }, () => post(target.url, 20_000)));
    expect(results.every((r) => r.kind === "response" && r.status === 200)).toBe(true);
    expect(target.hits).toBe(200);
    expect(target.maxOpenSockets).toBeGreaterThan(1);
    expect(target.maxOpenSockets).toBeLessThanOrEqual(10);
    // Bodies were consumed, so sockets were reused rather than replaced.
    expect(target.connections).toBeLessThanOrEqual(10);
  });
});
