// Group work: the calls made while the event loop is busy run together, as one batch, with at most
// `concurrency` batches under way (the calls made meanwhile form the next). Under load a batch shares
// one transaction or one round trip among many requests; alone, a call waits one turn of the event
// loop. Each call gets its own result or error.

export type Settled<O> = { value: O } | { error: unknown };

export class Batcher<I, O> {
  private queue: { item: I; settle: (outcome: Settled<O>) => void }[] = [];
  private running = 0;
  private scheduled = false;

  /**
   * `runBatch` answers each item in order; throwing fails the whole batch. `max` bounds a batch (the
   * rest waits for the next one); `concurrency` bounds the batches under way at once.
   */
  constructor(
    private readonly runBatch: (items: I[]) => Promise<Settled<O>[]>,
    private readonly options: { max?: number; concurrency?: number } = {},
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, settle: (outcome) => ("error" in outcome ? reject(outcome.error) : resolve(outcome.value)) });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running >= (this.options.concurrency ?? 1) || this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.options.max ?? 100);
    if (batch.length === 0) return;
    this.running++;
    // What did not fit may start as another batch, if one more may be under way.
    this.schedule();
    let outcomes: Settled<O>[];
    try {
      outcomes = await this.runBatch(batch.map((entry) => entry.item));
      if (outcomes.length !== batch.length) throw new Error(`a batch of ${batch.length} was answered ${outcomes.length} times`);
    } catch (error) {
      outcomes = batch.map(() => ({ error }));
    }
    this.running--;
    batch.forEach((entry, index) => entry.settle(outcomes[index] ?? { error: new Error("the batch gave no answer for this call") }));
    this.schedule();
  }
}

/** One batcher per key (a database connection or pool), made on first use. */
export function batcherPer<K extends object, I, O>(make: (key: K) => Batcher<I, O>): (key: K) => Batcher<I, O> {
  const batchers = new WeakMap<K, Batcher<I, O>>();
  return (key) => {
    let batcher = batchers.get(key);
    if (!batcher) batchers.set(key, (batcher = make(key)));
    return batcher;
  };
}
