/** Caps how many tasks run at once; the rest wait in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  /**
   * Waiters by the signal that may cancel them. One `abort` listener per signal, not per waiter: a caller that queues
   * many calls behind one signal would otherwise trip Node's MaxListenersExceededWarning (and hold one closure each).
   */
  private readonly bySignal = new Map<AbortSignal, { waiters: Set<Waiter>; onAbort: () => void }>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      this.waiting.push(waiter);
      if (signal) this.watch(signal, waiter);
    });
  }

  private release(): void {
    this.active--;
    const next = this.waiting.shift();
    if (!next) return;
    this.unwatch(next);
    this.active++;
    next.resolve();
  }

  private watch(signal: AbortSignal, waiter: Waiter): void {
    let entry = this.bySignal.get(signal);
    if (!entry) {
      const waiters = new Set<Waiter>();
      // A caller that gives up while queued must not hold a place in the line.
      const onAbort = () => {
        this.bySignal.delete(signal);
        for (const w of waiters) {
          const index = this.waiting.indexOf(w);
          if (index >= 0) this.waiting.splice(index, 1);
          w.reject(signal.reason);
        }
      };
      entry = { waiters, onAbort };
      this.bySignal.set(signal, entry);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    entry.waiters.add(waiter);
  }

  private unwatch(waiter: Waiter): void {
    if (!waiter.signal) return;
    const entry = this.bySignal.get(waiter.signal);
    if (!entry) return;
    entry.waiters.delete(waiter);
    if (entry.waiters.size === 0) {
      waiter.signal.removeEventListener('abort', entry.onAbort);
      this.bySignal.delete(waiter.signal);
    }
  }
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal?: AbortSignal;
}
