// The one place a request leaves the process: Node's own `http`/`https` `request()`, which VS Code's proxy support
// patches in the extension host (see docs/transport.md). No private agent and no private HTTP client, so the proxy
// settings and the system certificates reach every request.
import http from 'node:http';
import https from 'node:https';
import * as tls from 'node:tls';

import {
  BODY_CUT_HEADER,
  BodyTooLargeError,
  ExchangeFailure,
  MAX_BODY_BYTES,
  keepTail,
  type AnswerHeaders,
  type ExchangeRequest,
  type RawAnswer,
} from './exchange';

export function nodeExchange(request: ExchangeRequest): Promise<RawAnswer> {
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
      // A CA file adds to Node's roots, never replaces them (docs/transport.md#ca-files).
      ...(request.ca ? { ca: [...tls.rootCertificates, request.ca] } : {}),
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
        const tail = keepTail(chunks, kept + chunk.length, keep);
        kept = tail.kept;
        cut ||= tail.cut;
      });
      incoming.on('error', fail);
      incoming.on('close', () => {
        if (!incoming.complete) return fail(new Error('the connection closed before the answer was complete'));
        const headers = new NodeAnswerHeaders(incoming.headers, cut);
        settle(() =>
          resolve({ status: incoming.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
      });
    });
    outgoing.end(request.body);
  });
}

/** Node's parsed headers (lower-case names; repeated ones joined with ", " as `Headers.get` joins them). */
class NodeAnswerHeaders implements AnswerHeaders {
  constructor(
    private readonly raw: http.IncomingHttpHeaders,
    /** The body's start was dropped (`keepLastBytes`): said in BODY_CUT_HEADER, which no server may set. */
    private readonly cut: boolean,
  ) {}

  get(name: string): string | null {
    const lower = name.toLowerCase();
    if (lower === BODY_CUT_HEADER) return this.cut ? 'true' : null;
    return joined(this.raw[lower]);
  }

  *entries(): Iterable<[string, string]> {
    for (const [name, value] of Object.entries(this.raw)) {
      const text = joined(value);
      if (name !== BODY_CUT_HEADER && text !== null) yield [name, text];
    }
    if (this.cut) yield [BODY_CUT_HEADER, 'true'];
  }
}

function joined(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason ?? 'aborted'));
}
