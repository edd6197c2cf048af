// The exchange of the browser build (a web worker has no Node `http`): the platform's fetch, holding every guarantee
// the Node exchange holds (docs/transport.md#two-exchanges):
// - `redirect: 'manual'`: a redirect is never followed, so the token never leaves the instance. Node's fetch answers
//   the 3xx itself; a browser hides it (`type: 'opaqueredirect'`, status 0), reported as a redirect without Location.
// - `credentials: 'omit'`: no cookie of the instance's web session rides along; the token is the only credential.
// - the body is read chunk by chunk and dropped past MAX_BODY_BYTES, as the Node exchange does;
// - the caller's signal (the whole-request deadline) aborts connect, headers and body alike.
import {
  BODY_CUT_HEADER,
  BodyTooLargeError,
  ExchangeFailure,
  MAX_BODY_BYTES,
  keepTail,
  type ExchangeRequest,
  type RawAnswer,
} from './exchange';

/** Node's fetch names these causes when nothing was sent; a browser says nothing, so a failed write may have been. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Stands for a redirect the browser hid: a status the transport reads as "redirected", with no Location. */
const HIDDEN_REDIRECT_STATUS = 399;

export async function fetchExchange(request: ExchangeRequest): Promise<RawAnswer> {
  if (request.signal.aborted) throw new ExchangeFailure(request.signal.reason, false);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      credentials: 'omit',
      cache: 'no-store',
      signal: request.signal,
    });
  } catch (error) {
    throw new ExchangeFailure(abortReason(request.signal) ?? error, !NOT_SENT.has(causeCode(error) ?? ''));
  }
  if (response.type === 'opaqueredirect') return { status: HIDDEN_REDIRECT_STATUS, headers: new Headers(), text: '' };
  try {
    const { text, cut } = await boundedText(response, request.keepLastBytes);
    const headers = new Headers(response.headers);
    headers.delete(BODY_CUT_HEADER);
    if (cut) headers.set(BODY_CUT_HEADER, 'true');
    return { status: response.status, headers, text };
  } catch (error) {
    throw new ExchangeFailure(abortReason(request.signal) ?? error, true);
  }
}

/**
 * The body as text, read whole but never more than MAX_BODY_BYTES of it; with `keepLastBytes`, only its last bytes are
 * kept while it is read (`cut` when some were dropped).
 */
async function boundedText(response: Response, keepLastBytes?: number): Promise<{ text: string; cut: boolean }> {
  if (!response.body) return { text: '', cut: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let kept = 0;
  let cut = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError();
    }
    chunks.push(value);
    const tail = keepTail(chunks, kept + value.byteLength, keepLastBytes);
    kept = tail.kept;
    cut ||= tail.cut;
  }
  const whole = new Uint8Array(kept);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.byteLength;
  }
  return { text: new TextDecoder().decode(whole), cut };
}

/** The deadline's or the caller's reason, which fetch replaces with a bare AbortError. */
function abortReason(signal: AbortSignal): unknown {
  return signal.aborted ? (signal.reason ?? new Error('aborted')) : undefined;
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
