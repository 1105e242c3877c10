// The bench's loopback receiver: counts requests and answers 200 (or, per path prefix, 400, 500 or never),
// on its own thread. Leaner than server/testing/receiver.ts, which keeps every request for assertions.
import { Worker } from "node:worker_threads";
import { COUNTER, COUNTER_SLOTS, type Behaviour, type ReceiverMessage, type ReceiverReply } from "./receiver-protocol";

/** A message to the thread before it is given its id (distributes over the union's members). */
type WithoutId<M> = M extends unknown ? Omit<M, "id"> : never;

export type ReceiverCounts = { requests: number; ok: number; errors: number; blackholed: number; held: number };

export type BenchReceiver = {
  /** The first origin (`http://127.0.0.1:port`). */
  url: string;
  /** One origin per listening port, all served alike. */
  urls: string[];
  counts(): ReceiverCounts;
  /** Requests whose path starts with `prefix` get this behaviour from now on (longest prefix wins). */
  setBehaviour(prefix: string, behaviour: Behaviour): Promise<void>;
  /** Per path: the most black-holed requests that were open at once so far. */
  maxHeld(): Promise<Record<string, number>>;
  /** From now on, keep the arrival time of each request whose path starts with `prefix` (restarts the list). */
  watch(prefix: string): Promise<void>;
  /** Arrival times (epoch ms) of the watched prefix's requests since `watch`. */
  requestTimes(prefix: string): Promise<number[]>;
  close(): Promise<void>;
};

export async function startBenchReceiver(options: { ports?: number } = {}): Promise<BenchReceiver> {
  const shared = new SharedArrayBuffer(COUNTER_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const counters = new Int32Array(shared);
  // Worker threads inherit --import tsx from our execArgv, so the .ts module loads as it does here.
  const thread = new Worker(new URL("./receiver-thread.ts", import.meta.url), { workerData: { counters: shared, ports: options.ports ?? 1 } });
  const acks = new Map<number, (reply: ReceiverReply & { type: "ack" }) => void>();
  let nextId = 0;
  const ports = await new Promise<number[]>((resolve, reject) => {
    thread.once("error", reject);
    thread.on("message", (reply: ReceiverReply) => {
      if (reply.type === "listening") resolve(reply.ports);
      else acks.get(reply.id)?.(reply);
    });
  });
  const ask = (message: WithoutId<ReceiverMessage>) => {
    const id = nextId++;
    return new Promise<ReceiverReply & { type: "ack" }>((resolve) => {
      acks.set(id, (reply) => (acks.delete(id), resolve(reply)));
      thread.postMessage({ ...message, id } as ReceiverMessage);
    });
  };
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  return {
    url: urls[0]!,
    urls,
    counts: () => ({
      requests: Atomics.load(counters, COUNTER.requests),
      ok: Atomics.load(counters, COUNTER.ok),
      errors: Atomics.load(counters, COUNTER.errors),
      blackholed: Atomics.load(counters, COUNTER.blackholed),
      held: Atomics.load(counters, COUNTER.held),
    }),
    setBehaviour: (prefix, behaviour) => ask({ type: "behave", prefix, behaviour }).then(() => undefined),
    maxHeld: () => ask({ type: "max-held" }).then((reply) => reply.maxHeld ?? {}),
    watch: (prefix) => ask({ type: "watch", prefix }).then(() => undefined),
    requestTimes: (prefix) => ask({ type: "times", prefix }).then((reply) => reply.times ?? []),
    // Terminating the thread closes its servers and every socket, black-holed ones included.
    close: () => thread.terminate().then(() => undefined),
  };
}
