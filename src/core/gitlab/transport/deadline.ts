/** The largest delay `setTimeout` holds; anything larger fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One request's deadline and cancellation as one signal. The deadline is a plain timer this object owns and clears:
 * an `AbortSignal.timeout()` combined through `AbortSignal.any()` can be garbage-collected before it fires, leaving a
 * request to a silent server pending for ever.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly unlink: () => void;
  private expired = false;

  constructor(
    readonly timeoutMs: number,
    callerSignal?: AbortSignal,
  ) {
    this.timer = setTimeout(
      () => {
        this.expired = true;
        this.controller.abort(new Error(`no complete answer within ${timeoutMs} ms`));
      },
      Math.min(Math.max(0, timeoutMs), MAX_TIMER_MS),
    );
    const onCallerAbort = () => this.controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) onCallerAbort();
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    this.unlink = () => callerSignal?.removeEventListener('abort', onCallerAbort);
  }

  /** Aborts when the deadline passes or the caller cancels, whichever comes first. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True when the abort came from the deadline rather than the caller. */
  get timedOut(): boolean {
    return this.expired;
  }

  /** Clears the timer and the link to the caller's signal; call it when the exchange is over. */
  dispose(): void {
    clearTimeout(this.timer);
    this.unlink();
  }
}
