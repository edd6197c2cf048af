import {
  CancelledError,
  isGitLabError,
  NetworkError,
  NotTheApiError,
  TimeoutError,
  TlsError,
  tlsProblemFrom,
  WriteOutcomeUnknownError,
  type GitLabError,
} from '../../errors';
import { describeUrl } from './confinement';
import { BodyTooLargeError, ExchangeFailure } from './exchange';
import { isWrite } from './responseErrors';

/** The typed error for an exchange that produced no answer: cancelled, timed out, TLS, network, or lost after a write. */
export function errorForFailure(
  failure: unknown,
  method: string,
  url: URL,
  timeout: { ms: number; expired: boolean },
  callSignal: AbortSignal | undefined,
  caFileInUse = false,
): GitLabError {
  const cause = failure instanceof ExchangeFailure ? failure.cause : failure;
  if (isGitLabError(cause)) return cause;
  const what = `${method} ${describeUrl(url)}`;
  if (callSignal?.aborted) return new CancelledError(`${what}: cancelled by the caller`);
  const sentWrite = isWrite(method) && failure instanceof ExchangeFailure && failure.requestSent;
  if (timeout.expired) {
    const detail = `${what}: no complete answer within ${timeout.ms} ms`;
    return sentWrite
      ? new WriteOutcomeUnknownError(detail, { cause })
      : new TimeoutError(Math.max(1, Math.round(timeout.ms / 1000)), detail, { cause });
  }
  if (cause instanceof BodyTooLargeError) return new NotTheApiError(false, `${what}: ${cause.message}`);
  const err = cause as Error & { code?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  const detail = `${what}: ${err.message}${code ? ` (${code})` : ''}`;
  const tlsProblem = tlsProblemFrom(code, `${err.message} ${err.cause?.message ?? ''}`);
  if (tlsProblem) return new TlsError(url.host, tlsProblem, detail, { cause, caFileInUse });
  if (sentWrite) return new WriteOutcomeUnknownError(detail, { cause });
  return new NetworkError(url.host, detail, { cause });
}
