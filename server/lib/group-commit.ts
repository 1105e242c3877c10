// Group commit: callers submit items one by one; items that arrive while earlier commits are in
// flight are written together in the next one. Under load the per-transaction cost (round trips,
// fsync, job insert planning) is shared by many items; when idle, an item commits at once.

export type CommitBatch<I, R> = (items: I[]) => Promise<R[]>;

type Pending<I, R> = { item: I; resolve: (result: R) => void; reject: (error: unknown) => void };

export class GroupCommit<I, R> {
  private readonly queue: Pending<I, R>[] = [];
  private inFlight = 0;

  constructor(
    private readonly commit: CommitBatch<I, R>,
    private readonly options: { maxBatch: number; maxConcurrent: number },
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.options.maxConcurrent && this.queue.length) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async run(batch: Pending<I, R>[]): Promise<void> {
    try {
      const results = await this.commit(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // One bad item must not fail its neighbours: retry each on its own to isolate it.
      await Promise.all(batch.map((p) => this.run([p])));
    }
  }
}
