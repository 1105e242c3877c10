// The receiver's HTTP server, on its own thread: its event loop must not wait behind the bench's
// publisher and polling, or the bench would measure itself instead of the worker. Counts go through
// shared memory so reading them costs the main thread nothing.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { COUNTER, type Behaviour, type ReceiverMessage, type ReceiverThreadData } from "./receiver-protocol";

const data = workerData as ReceiverThreadData;
const counters = new Int32Array(data.counters);
/** Path prefix → behaviour; the longest matching prefix wins, unmatched paths answer 200. */
const behaviours = new Map<string, Behaviour>();

function behaviourFor(path: string): Behaviour {
  let best: [string, Behaviour] | undefined;
  for (const entry of behaviours) if (path.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  return best?.[1] ?? "ok";
}

const server = http.createServer((request, response) => {
  Atomics.add(counters, COUNTER.requests, 1);
  const behaviour = behaviourFor(request.url ?? "/");
  request.resume(); // drain the body without keeping it
  if (behaviour === "blackhole") {
    Atomics.add(counters, COUNTER.blackholed, 1);
    return; // never answer: the sender's deadline has to cut it
  }
  request.once("end", () => {
    const ok = behaviour === "ok";
    Atomics.add(counters, ok ? COUNTER.ok : COUNTER.errors, 1);
    const body = ok ? "ok" : "error";
    response.writeHead(ok ? 200 : 500, { "content-type": "text/plain", "content-length": String(body.length) }).end(body);
  });
});
server.keepAliveTimeout = 30_000;

parentPort!.on("message", (message: ReceiverMessage) => {
  if (message.type === "behave") behaviours.set(message.prefix, message.behaviour);
  parentPort!.postMessage({ type: "ack", id: message.id });
});

server.listen(0, "127.0.0.1", () => {
  parentPort!.postMessage({ type: "listening", port: (server.address() as AddressInfo).port });
});
