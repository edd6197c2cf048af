/**
 * Foreground tasks (someone is waiting on them) go before background ones; after this many in a row while background
 * tasks wait, one background task goes, so a stream of foreground work never stops the background for good.
 */
export const MAX_FOREGROUND_IN_A_ROW = 8;

export type Priority = 'foreground' | 'background';

/**
 * Caps how many tasks run at once; the rest wait, foreground tasks before background ones, each in arrival order.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: Record<Priority, Waiter[]> = { foreground: [], background: [] };
  private foregroundInARow = 0;
  /**
   * Waiters by the signal that may cancel them. One `abort` listener per signal, not per waiter: a caller that queues
   * many calls behind one signal would otherwise trip Node's MaxListenersExceededWarning (and hold one closure each).
   */
  private readonly bySignal = new Map<AbortSignal, { waiters: Set<Waiter>; onAbort: () => void }>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal, priority: Priority = 'background'): Promise<T> {
    await this.acquire(signal, priority);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal | undefined, priority: Priority): Promise<void> {
    signal?.throwIfAborted();
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, priority };
      this.waiting[priority].push(waiter);
      if (signal) this.watch(signal, waiter);
    });
  }

  private release(): void {
    this.active--;
    const next = this.next();
    if (!next) return;
    this.unwatch(next);
    this.active++;
    next.resolve();
  }

  private next(): Waiter | undefined {
    const { foreground, background } = this.waiting;
    const backgroundsTurn = background.length > 0 && this.foregroundInARow >= MAX_FOREGROUND_IN_A_ROW;
    if (foreground.length > 0 && !backgroundsTurn) {
      if (background.length > 0) this.foregroundInARow++;
      return foreground.shift();
    }
    this.foregroundInARow = 0;
    return background.shift();
  }

  private watch(signal: AbortSignal, waiter: Waiter): void {
    let entry = this.bySignal.get(signal);
    if (!entry) {
      const waiters = new Set<Waiter>();
      // A caller that gives up while queued must not hold a place in the line.
      const onAbort = () => {
        this.bySignal.delete(signal);
        for (const w of waiters) {
          const queue = this.waiting[w.priority];
          const index = queue.indexOf(w);
          if (index >= 0) queue.splice(index, 1);
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
  priority: Priority;
}
