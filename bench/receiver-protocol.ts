// What the bench's main thread and the receiver thread share: counter slots and messages.
export type Behaviour = "ok" | "error500" | "blackhole";

/** `held` is a gauge: black-holed requests whose connection is still open right now. */
export const COUNTER = { requests: 0, ok: 1, errors: 2, blackholed: 3, held: 4 } as const;
export const COUNTER_SLOTS = 5;

/** `ports`: how many listening sockets (origins) the thread opens, all with the same behaviours. */
export type ReceiverThreadData = { counters: SharedArrayBuffer; ports: number };
export type ReceiverMessage = { type: "behave"; id: number; prefix: string; behaviour: Behaviour } | { type: "max-held"; id: number };
/** `maxHeld` answers "max-held": per path, the most black-holed requests that were open at once. */
export type ReceiverReply = { type: "listening"; ports: number[] } | { type: "ack"; id: number; maxHeld?: Record<string, number> };
