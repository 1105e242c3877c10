// What the bench's main thread and the receiver thread share: counter slots and messages.
export type Behaviour = "ok" | "error500" | "blackhole";

export const COUNTER = { requests: 0, ok: 1, errors: 2, blackholed: 3 } as const;
export const COUNTER_SLOTS = 4;

export type ReceiverThreadData = { counters: SharedArrayBuffer };
export type ReceiverMessage = { type: "behave"; id: number; prefix: string; behaviour: Behaviour };
export type ReceiverReply = { type: "listening"; port: number } | { type: "ack"; id: number };
