// The one seam between the transport and the network: an exchange sends one request and reads its whole answer.
// Two implementations: Node's http/https (`httpExchange.ts`, the desktop extension host, where VS Code's proxy and
// certificate support patch it) and the browser's fetch (`fetchExchange.ts`, the web worker). Every other step of the
// transport — confinement, deadline, budget, retry, parse, errors — is the same for both (docs/transport.md).

/** Sends one request and reads its answer; rejects with an ExchangeFailure (or BodyTooLargeError inside one). */
export type Exchange = (request: ExchangeRequest) => Promise<RawAnswer>;

export interface ExchangeRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * A CA file's certificates, trusted for this request in addition to Node's roots; undefined for the defaults. Only
   * Node's exchange can use it (the web build has no CA file: a browser trusts what the browser trusts).
   */
  ca?: string;
  /** Aborts the exchange at any stage: connect, headers or body. */
  signal: AbortSignal;
  /** Keep only the body's last bytes (a job's log: GitLab answers all of it); the answer then carries BODY_CUT_HEADER. */
  keepLastBytes?: number;
}

/** Set on an answer whose body's start was dropped for `keepLastBytes` (a header no server sends: ours only). */
export const BODY_CUT_HEADER = 'x-gitlab-approvals-body-cut';

/**
 * An answer's headers, as the transport reads them (names in lower case). Fetch's exchange hands the browser's
 * `Headers`; Node's, a view of the headers Node parsed, not a copy: building a `Headers` checked and sorted every
 * header of every answer, a cost of each request in the steady poll (docs/polling.md#cpu).
 */
export interface AnswerHeaders {
  get(name: string): string | null;
  entries(): Iterable<[string, string]>;
}

export interface RawAnswer {
  status: number;
  headers: AnswerHeaders;
  text: string;
}

/** Larger than any page of 100 GitLab records; a body beyond it is not the API, and is not kept in memory. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A failed exchange, and whether the request had been sent in full before it failed (what matters for a write). */
export class ExchangeFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly requestSent: boolean,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'ExchangeFailure';
  }
}

export class BodyTooLargeError extends Error {
  constructor() {
    super(`the answer is larger than ${MAX_BODY_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Drops the oldest bytes of a body read so far beyond its last `keep` (`keepLastBytes`), in place: the bytes still kept,
 * and whether any were dropped. Both exchanges keep a job log's tail this way while it arrives.
 */
export function keepTail<T extends Uint8Array>(
  chunks: T[],
  kept: number,
  keep: number | undefined,
): { kept: number; cut: boolean } {
  let cut = false;
  while (keep !== undefined && kept > keep) {
    const over = kept - keep;
    if (chunks[0].byteLength <= over) kept -= chunks.shift()!.byteLength;
    else {
      chunks[0] = chunks[0].subarray(over) as T;
      kept -= over;
    }
    cut = true;
  }
  return { kept, cut };
}
