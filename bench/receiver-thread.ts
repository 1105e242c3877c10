// The receiver's HTTP server(s), on their own thread: its event loop must not wait behind the bench's
// publisher and polling, or the bench would measure itself instead of the worker. Counts go through
// shared memory so reading them costs the main thread nothing. One thread may listen on several ports,
// so that endpoints can be separate origins (the worker pools connections per origin).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { COUNTER, type Behaviour, type ReceiverMessage, type ReceiverReply, type ReceiverThreadData } from "./receiver-protocol";

const data = workerData as ReceiverThreadData;
const counters = new Int32Array(data.counters);
/** Path prefix → behaviour; the longest matching prefix wins, unmatched paths answer 200. */
const behaviours = new Map<string, Behaviour>();
/** Per path: black-holed requests open now, and the most that were open at once. */
const held = new Map<string, { open: number; max: number }>();
/** Watched path prefix → arrival times (epoch ms) of its requests, for rate checks over any window. */
const watched = new Map<string, number[]>();

function behaviourFor(path: string): Behaviour {
  let best: [string, Behaviour] | undefined;
  for (const entry of behaviours) if (path.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  return best?.[1] ?? "ok";
}

/** Never answers: the request stays open until the sender gives up and closes the connection. */
function hold(path: string, request: http.IncomingMessage): void {
  Atomics.add(counters, COUNTER.blackholed, 1);
  Atomics.add(counters, COUNTER.held, 1);
  const entry = held.get(path) ?? { open: 0, max: 0 };
  held.set(path, entry);
  entry.max = Math.max(entry.max, ++entry.open);
  // No answer ever comes, so the connection carries no other request: its close ends this one.
  request.socket.once("close", () => {
    entry.open--;
    Atomics.sub(counters, COUNTER.held, 1);
  });
}

const STATUS = { ok: 200, error400: 400, error500: 500 } as const;

function handle(request: http.IncomingMessage, response: http.ServerResponse): void {
  Atomics.add(counters, COUNTER.requests, 1);
  const path = request.url ?? "/";
  for (const [prefix, times] of watched) if (path.startsWith(prefix)) times.push(Date.now());
  const behaviour = behaviourFor(path);
  request.resume(); // drain the body without keeping it
  if (behaviour === "blackhole") return hold(path, request);
  request.once("end", () => {
    const ok = behaviour === "ok";
    Atomics.add(counters, ok ? COUNTER.ok : COUNTER.errors, 1);
    const body = ok ? "ok" : "error";
    response.writeHead(STATUS[behaviour], { "content-type": "text/plain", "content-length": String(body.length) }).end(body);
  });
}

function answer(message: ReceiverMessage): ReceiverReply {
  switch (message.type) {
    case "behave":
      behaviours.set(message.prefix, message.behaviour);
      return { type: "ack", id: message.id };
    case "max-held":
      return { type: "ack", id: message.id, maxHeld: Object.fromEntries([...held].map(([path, entry]) => [path, entry.max])) };
    case "watch":
      watched.set(message.prefix, []);
      return { type: "ack", id: message.id };
    case "times":
      return { type: "ack", id: message.id, times: watched.get(message.prefix) ?? [] };
  }
}

parentPort!.on("message", (message: ReceiverMessage) => parentPort!.postMessage(answer(message)));

function listen(): Promise<number> {
  const server = http.createServer(handle);
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

const ports = await Promise.all(Array.from({ length: data.ports }, listen));
parentPort!.postMessage({ type: "listening", ports } satisfies ReceiverReply);
