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
