// The worker's pg-boss queues. The database rows are the source of truth; jobs only say "look at this
// now" (a sweeper re-enqueues anything due that lost its job), so queue settings favour speed.
import type { Queue } from "pg-boss";

export const QUEUE = {
  fanOut: "fan-out",
  deliver: "deliver",
  replay: "replay",
  maintenance: "maintenance",
} as const;

type QueueOptions = Omit<Queue, "name">;

export const QUEUE_OPTIONS: Record<(typeof QUEUE)[keyof typeof QUEUE], QueueOptions> = {
  // Fresh events: woken by NOTIFY so the first attempt starts within ~100 ms when idle.
  [QUEUE.fanOut]: { notify: true, expireInSeconds: 300, retryLimit: 10, retryDelay: 1, retryBackoff: true },
  // Expiry well above the 30 s maximum HTTP deadline: a worker that dies mid-attempt gets its job retried.
  [QUEUE.deliver]: { notify: true, expireInSeconds: 120, retryLimit: 20, retryDelay: 1, retryBackoff: true },
  [QUEUE.replay]: { expireInSeconds: 300, retryLimit: 10, retryDelay: 5 },
  [QUEUE.maintenance]: { policy: "singleton", expireInSeconds: 600, retryLimit: 3, retryDelay: 30 },
};
