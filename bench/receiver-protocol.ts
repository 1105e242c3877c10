// What the bench's main thread and the receiver thread share: counter slots and messages.
/** error400 is dead-lettered at once (a 4xx is not retried); error500 is retried on the schedule. */
export type Behaviour = "ok" | "error400" | "error500" | "blackhole";

/** `held` is a gauge: black-holed requests whose connection is still open right now. `errors`: 400s and 500s. */
export const COUNTER = { requests: 0, ok: 1, errors: 2, blackholed: 3, held: 4 } as const;
export const COUNTER_SLOTS = 5;

/** `ports`: how many listening sockets (origins) the thread opens, all with the same behaviours. */
export type ReceiverThreadData = { counters: SharedArrayBuffer; ports: number };
/** "watch": from now on, keep the arrival time of every request under `prefix`; "times" returns them. */
export type ReceiverMessage =
  | { type: "behave"; id: number; prefix: string; behaviour: Behaviour }
  | { type: "max-held"; id: number }
  | { type: "watch"; id: number; prefix: string }
  | { type: "times"; id: number; prefix: string };
/** `maxHeld` answers "max-held": per path, the most black-holed requests that were open at once; `times` answers "times". */
export type ReceiverReply = { type: "listening"; ports: number[] } | { type: "ack"; id: number; maxHeld?: Record<string, number>; times?: number[] };
