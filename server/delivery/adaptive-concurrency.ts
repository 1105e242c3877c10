// AIMD for one endpoint's concurrency (DESIGN §5): timeouts and 429 halve what may be in flight, each
// run of successes as long as the current limit adds one back, up to the endpoint's own cap. Pure.

/** `limit` null means the full cap; the result is null again once the cap is reached. */
export function adjustConcurrency(limit: number | null, cap: number, signals: { congested: number; successes: number }): number | null {
  const current = Math.min(limit ?? cap, cap);
  if (signals.congested > 0) {
    const halved = Math.max(1, Math.floor(current / 2));
    return halved >= cap ? null : halved;
  }
  const grown = current + signals.successes / current;
  return grown >= cap ? null : grown;
}

/** Whole deliveries that may be in flight at once. */
export function effectiveConcurrency(limit: number | null, cap: number): number {
  return Math.max(1, Math.floor(Math.min(limit ?? cap, cap)));
}
