// The bench's loopback receiver: counts requests and answers 200 (or, per path prefix, 500 or never),
// on its own thread. Leaner than server/testing/receiver.ts, which keeps every request for assertions.
import { Worker } from "node:worker_threads";
import { COUNTER, COUNTER_SLOTS, type Behaviour, type ReceiverMessage, type ReceiverReply } from "./receiver-protocol";

export type ReceiverCounts = { requests: number; ok: number; errors: number; blackholed: number };

export type BenchReceiver = {
  url: string;
  counts(): ReceiverCounts;
  /** Requests whose path starts with `prefix` get this behaviour from now on (longest prefix wins). */
  setBehaviour(prefix: string, behaviour: Behaviour): Promise<void>;
  close(): Promise<void>;
};

export async function startBenchReceiver(): Promise<BenchReceiver> {
  const shared = new SharedArrayBuffer(COUNTER_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const counters = new Int32Array(shared);
  // Worker threads inherit --import tsx from our execArgv, so the .ts module loads as it does here.
  const thread = new Worker(new URL("./receiver-thread.ts", import.meta.url), { workerData: { counters: shared } });
  const acks = new Map<number, () => void>();
  let nextId = 0;
  const port = await new Promise<number>((resolve, reject) => {
    thread.once("error", reject);
    thread.on("message", (reply: ReceiverReply) => {
      if (reply.type === "listening") resolve(reply.port);
      else acks.get(reply.id)?.();
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({
      requests: Atomics.load(counters, COUNTER.requests),
      ok: Atomics.load(counters, COUNTER.ok),
      errors: Atomics.load(counters, COUNTER.errors),
      blackholed: Atomics.load(counters, COUNTER.blackholed),
    }),
    setBehaviour(prefix, behaviour) {
      const id = nextId++;
      return new Promise<void>((resolve) => {
        acks.set(id, () => (acks.delete(id), resolve()));
        thread.postMessage({ type: "behave", id, prefix, behaviour } satisfies ReceiverMessage);
      });
    },
    // Terminating the thread closes its server and every socket, black-holed ones included.
    close: () => thread.terminate().then(() => undefined),
  };
}
