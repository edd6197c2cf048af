// The one place a request leaves the process: Node's own `http`/`https` `request()`, which VS Code's proxy support
// patches in the extension host (see docs/transport.md). No private agent and no private HTTP client, so the proxy
// settings and the system certificates reach every request.
import http from 'node:http';
import https from 'node:https';

export interface ExchangeRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Trusted certificate authorities for this request only (Node's roots plus a CA file); undefined for the defaults. */
  ca?: string[];
  /** Aborts the exchange at any stage: connect, headers or body. */
  signal: AbortSignal;
  /** Keep only the body's last bytes (a job's log: GitLab answers all of it); the answer then carries BODY_CUT_HEADER. */
  keepLastBytes?: number;
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** Larger than any page of 100 GitLab records; a body beyond it is not the API, and is not kept in memory. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A failed exchange, and whether the request had been sent in full before it failed (what matters for a write). */
/** Set on an answer whose body's start was dropped for `keepLastBytes` (a header no server sends: ours only). */
export const BODY_CUT_HEADER = 'x-gitlab-approvals-body-cut';

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

export function exchange(request: ExchangeRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let requestSent = false;
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      request.signal.removeEventListener('abort', onAbort);
      done();
    };
    const fail = (error: unknown) => settle(() => reject(new ExchangeFailure(error, requestSent)));
    // Settles at once, with or without a socket: a request still waiting for one (a proxy that never answers CONNECT,
    // a PAC or DNS lookup) emits nothing when destroyed, so waiting for its 'error' would wait for ever. Node destroys
    // a socket that arrives later for a destroyed request.
    const onAbort = () => {
      const reason = asError(request.signal.reason);
      outgoing.destroy(reason);
      fail(reason);
    };
    if (request.signal.aborted) return reject(new ExchangeFailure(request.signal.reason, false));

    const transport = request.url.protocol === 'https:' ? https : http;
    const outgoing = transport.request(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.ca ? { ca: request.ca } : {}),
    });
    request.signal.addEventListener('abort', onAbort, { once: true });
    outgoing.on('finish', () => (requestSent = true));
    outgoing.on('error', fail);
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let kept = 0;
      let cut = false;
      const keep = request.keepLastBytes;
      incoming.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) return outgoing.destroy(new BodyTooLargeError());
        chunks.push(chunk);
        kept += chunk.length;
        while (keep !== undefined && kept > keep) {
          const over = kept - keep;
          if (chunks[0].length <= over) kept -= chunks.shift()!.length;
          else {
            chunks[0] = chunks[0].subarray(over);
            kept -= over;
          }
          cut = true;
        }
      });
      incoming.on('error', fail);
      incoming.on('close', () => {
        if (!incoming.complete) return fail(new Error('the connection closed before the answer was complete'));
        const headers = toHeaders(incoming.headers);
        headers.delete(BODY_CUT_HEADER);
        if (cut) headers.set(BODY_CUT_HEADER, 'true');
        settle(() =>
          resolve({ status: incoming.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
      });
    });
    outgoing.end(request.body);
  });
}

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const one of [value ?? []].flat()) headers.append(name, one);
  }
  return headers;
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason ?? 'aborted'));
}
