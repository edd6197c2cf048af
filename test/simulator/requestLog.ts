// The request log: every request to the API listeners except the control API, so tests can count requests and prove
// where a token went (which header, which listener/origin).

export type AuthHeaderKind = 'private-token' | 'bearer' | 'none';

export interface RequestLogEntry {
  seq: number;
  time: string;
  method: string;
  /** The request path without the query, as received (including any base path). */
  path: string;
  /** The query string without `?` ('' when none). */
  query: string;
  authHeader: AuthHeaderKind;
  /** The user the token belongs to, if it was a known token. */
  username: string | undefined;
  /** The origin of the listener that received the request: the simulator's own, or the redirect target's. */
  origin: string;
  /** `true` when the request arrived at the second (redirect target) listener. */
  otherOrigin: boolean;
  /** The Host header the client sent. */
  host: string | undefined;
  /** The named route, when the path matched one. */
  route: string | undefined;
  /** The status sent, or null when there was no answer (reset, hang). */
  status: number | null;
  /** The fault applied, if any. */
  fault: string | undefined;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { seq: ++this.seq, ...entry };
    this.entries.push(full);
    return full;
  }

  all(): RequestLogEntry[] {
    return [...this.entries];
  }

  /** Entries after sequence number `seq`. */
  since(seq: number): RequestLogEntry[] {
    return this.entries.filter((e) => e.seq > seq);
  }

  clear(): void {
    this.entries = [];
  }

  get length(): number {
    return this.entries.length;
  }
}
