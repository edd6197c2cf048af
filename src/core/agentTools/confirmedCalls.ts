// A write happens only after VS Code asked the person with our confirmation (prepareInvocation) and only if, when the
// tool then runs, the plan is still exactly what they were shown. VS Code calls prepareInvocation before every
// invoke; remembering what it answered closes two gaps: an invoke that was never confirmed, and a deployment that
// changed (another approval, a new sha) or became actionable while the person was reading.

const DEFAULT_TTL_MS = 15 * 60_000;

export class ConfirmedCalls {
  private readonly shown = new Map<string, { fingerprint: string; at: number }>();

  constructor(
    private readonly ttlMs = DEFAULT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** What prepareInvocation answered for this call (a confirmation, or a refusal that asks nobody). */
  remember(callKey: string, fingerprint: string): void {
    this.forgetExpired();
    this.shown.set(callKey, { fingerprint, at: this.now() });
  }

  /** True once, when the call was prepared with exactly this fingerprint and not too long ago. */
  take(callKey: string, fingerprint: string): boolean {
    this.forgetExpired();
    const entry = this.shown.get(callKey);
    this.shown.delete(callKey);
    return entry !== undefined && entry.fingerprint === fingerprint;
  }

  private forgetExpired(): void {
    const oldest = this.now() - this.ttlMs;
    for (const [key, entry] of this.shown) if (entry.at < oldest) this.shown.delete(key);
  }
}

/** One tool call's identity: the tool and its checked input (so the same call prepared twice matches once). */
export function callKey(tool: string, input: object): string {
  return `${tool} ${JSON.stringify(input)}`;
}
