// A real HTTP receiver on loopback that records every request, for integration tests and the bench.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedRequest = { path: string; headers: http.IncomingHttpHeaders; body: string; receivedAt: number };
export type Reply = (request: ReceivedRequest, response: http.ServerResponse) => void;

export type Receiver = {
  url: string;
  requests: ReceivedRequest[];
  inFlight: () => number;
  maxInFlight: () => number;
  setReply(reply: Reply): void;
  close(): Promise<void>;
};

export const ok: Reply = (_request, response) => {
  response.writeHead(200, { "content-type": "text/plain" }).end("ok");
};

export function status(code: number, headers: Record<string, string> = {}): Reply {
  return (_request, response) => {
    response.writeHead(code, headers).end(`status ${code}`);
  };
}

export async function startReceiver(reply: Reply = ok, options: { record?: boolean; port?: number } = {}): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let current = reply;
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((request, response) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.once("close", () => inFlight--);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const received = { path: request.url ?? "/", headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), receivedAt: Date.now() };
      if (options.record !== false) requests.push(received);
      current(received, response);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inFlight: () => inFlight,
    maxInFlight: () => maxInFlight,
    setReply: (next) => (current = next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
