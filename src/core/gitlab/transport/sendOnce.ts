import type { Priority, Semaphore } from '../../util/semaphore';
import { Deadline } from './deadline';
import { errorForFailure } from './failureErrors';
import { defaultExchange } from './defaultExchange';
import type { AnswerHeaders, Exchange } from './exchange';
import type { OutgoingRequest } from './outgoingRequest';
import { parseAnswer } from './parseAnswer';
import type { RateLimitGate } from './rateLimitGate';

export interface Answer {
  status: number;
  headers: AnswerHeaders;
  body: unknown;
}

export interface SendSettings {
  concurrency: Semaphore;
  /** Foreground (the person waits on it) goes before every queued background request of the instance. */
  priority?: Priority;
  timeoutMs: number;
  signal?: AbortSignal;
  /** A CA file's certificates for this instance, trusted in addition to the defaults, if any. */
  ca?: string;
  /** A CA file is set for this instance: a TLS error speaks of it. */
  caFileInUse?: boolean;
  rateLimitGate?: RateLimitGate;
  /** The answer may be text (a raw file). */
  rawText?: boolean;
  /** Keep only the body's last bytes. */
  keepLastBytes?: number;
  /** How the request travels: Node's http (the default) or fetch (the browser build; tests run both). */
  exchange?: Exchange;
}

/**
 * The deadline step: one attempt, in a concurrency slot, under one deadline for connect, headers and body together.
 * Every failure leaves as a typed error.
 */
export async function sendOnce(request: OutgoingRequest, settings: SendSettings): Promise<Answer> {
  let deadline: Deadline | undefined;
  try {
    return await settings.concurrency.run(
      async () => {
        deadline = new Deadline(settings.timeoutMs, settings.signal);
        try {
          const exchange = settings.exchange ?? defaultExchange;
          const raw = await exchange({
            ...request,
            ca: settings.ca,
            signal: deadline.signal,
            keepLastBytes: settings.keepLastBytes,
          });
          settings.rateLimitGate?.observe(raw.headers, raw.status);
          return {
            status: raw.status,
            headers: raw.headers,
            body: parseAnswer(raw, request.method, request.url, settings.rawText),
          };
        } finally {
          deadline.dispose();
        }
      },
      settings.signal,
      settings.priority,
    );
  } catch (failure) {
    const timeout = { ms: settings.timeoutMs, expired: deadline?.timedOut ?? false };
    throw errorForFailure(failure, request.method, request.url, timeout, settings.signal, settings.caFileInUse);
  }
}
