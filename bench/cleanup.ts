// Teardown in reverse order of setup, exactly once, also on Ctrl-C / SIGTERM: a benchmark that leaves
// a PostgreSQL cluster or worker processes behind makes the next run measure the leftovers.
export type Cleanup = {
  /** Registers a step; steps run last-registered first. */
  add(name: string, step: () => Promise<void>): void;
  run(): Promise<void>;
  /** True once teardown has begun (processes exiting from then on are expected to). */
  started(): boolean;
};

export function createCleanup(log: (line: string) => void): Cleanup {
  const steps: { name: string; step: () => Promise<void> }[] = [];
  let running: Promise<void> | undefined;
  const cleanup: Cleanup = {
    add: (name, step) => void steps.push({ name, step }),
    run() {
      running ??= (async () => {
        for (const { name, step } of steps.reverse()) {
          await step().catch((error: unknown) => log(`cleanup: ${name} failed: ${(error as Error).message}`));
        }
      })();
      return running;
    },
    started: () => running !== undefined,
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping workers and PostgreSQL…`);
    void cleanup.run().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return cleanup;
}
