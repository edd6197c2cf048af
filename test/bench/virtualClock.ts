// The bench's clock: real time plus an offset that only grows. A poll's interval and the transport's waits (the pace,
// a Retry-After) move the offset instead of being waited, so ten minutes of polling take seconds; the simulator is told
// each move, so its rate-limit windows pass with the bench's.
//
// Time jumps only while nothing is on the wire. A request takes real time, and its answer is what frees the pace for
// the next one; jumping to a wait's end while a request was out made it end a whole wait later than it did, so the
// pace, which counts from when reads were over, pushed every next read further out (a 600/min cold load read as
// 1,268 minutes).

export interface VirtualClockHooks {
  /** Something is on the wire (a request sent and not yet answered). */
  busy: () => boolean;
  /** The offset moved (the simulator's clock follows it). */
  moved: (offsetMs: number) => Promise<void>;
}

interface Sleeper {
  at: number;
  wake: () => void;
}

/** How often, in real time, a clock with waits looks again while a request is out. */
const LOOK_AGAIN_MS = 2;

export class VirtualClock {
  private offsetMs = 0;
  private sleepers: Sleeper[] = [];
  private advancing = false;
  /** The moment of the current turn: waits asked in one turn are measured from the same moment, so end together. */
  private turnNow: number | undefined;

  constructor(private readonly hooks: VirtualClockHooks) {}

  readonly now = (): number => Date.now() + this.offsetMs;

  async advanceTo(at: number): Promise<void> {
    if (at <= this.now()) return;
    this.offsetMs = at - Date.now();
    await this.hooks.moved(this.offsetMs);
  }

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((wake) => {
      if (this.turnNow === undefined) {
        this.turnNow = this.now();
        setImmediate(() => (this.turnNow = undefined));
      }
      this.sleepers.push({ at: this.turnNow + ms, wake });
      if (this.advancing) return;
      this.advancing = true;
      setImmediate(() => void this.advance());
    });

  /** Wakes the waits that are over; when nothing is on the wire, first moves the clock to the earliest end. */
  private async advance(): Promise<void> {
    if (!(await this.quiet())) {
      this.wakeDue();
      return this.goOn(() => setTimeout(() => void this.advance(), LOOK_AGAIN_MS));
    }
    await this.advanceTo(Math.min(...this.sleepers.map((s) => s.at)));
    this.wakeDue();
    this.goOn(() => setImmediate(() => void this.advance()));
  }

  /** Nothing on the wire, and nothing about to be: an answer's reader may send the next request a few turns later. */
  private async quiet(): Promise<boolean> {
    for (let turn = 0; turn < 3; turn++) {
      if (this.hooks.busy()) return false;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return !this.hooks.busy();
  }

  private wakeDue(): void {
    const now = this.now();
    const due: Sleeper[] = [];
    const waiting: Sleeper[] = [];
    for (const s of this.sleepers) (s.at <= now ? due : waiting).push(s);
    this.sleepers = waiting;
    for (const s of due) s.wake();
  }

  private goOn(next: () => void): void {
    if (this.sleepers.length) next();
    else this.advancing = false;
  }
}
