import type { FormattedResponse, RequestHandlerFn, ResponseBodyTypes } from '@gitbeaker/requester-utils';
import { CancelledError, WriteOutcomeUnknownError, type GitLabError } from '../../errors';
import { expectRecord } from '../shapes';
import type { LevelledLog } from '../../util/log';
import type { Semaphore } from '../../util/semaphore';
import { sleep as abortableSleep } from '../../util/sleep';
import { attemptLine } from './attemptLine';
import { admittedByBudget } from './budgetStep';
import type { InstanceTrust } from './caFileTrust';
import type { CallSettings } from './callContext';
import { describeUrl, InstanceScope } from './confinement';
import { outgoingRequest, type GitbeakerRequestOptions, type OutgoingRequest } from './outgoingRequest';
import type { RateLimitGate } from './rateLimitGate';
import { errorForResponse, isWrite } from './responseErrors';
import { isRetryable, parseRetryAfter, retryDelayMs, type RetryOptions } from './retryPolicy';
import { sendOnce, type Answer, type SendSettings } from './sendOnce';

/** What every request of one GitLab instance shares; nothing here is shared with another instance. */
export interface TransportConfig {
  /** The configured instance, e.g. `https://gitlab.example.com` or `https://example.com/gitlab`. */
  instanceUrl: string;
  userAgent: string;
  /** One cap for all calls to the instance (reads, writes, every page and retry). */
  concurrency: Semaphore;
  /** The whole request, per attempt, unless the call sets its own. */
  timeoutMs: number;
  retry: RetryOptions;
  /** This instance's CA file, if one is set; without one, trust is left to Node and VS Code. */
  trust?: InstanceTrust;
  /** Called after every attempt and wait. The URL carries no secrets; headers are never passed. */
  onAttempt?: (attempt: AttemptRecord) => void;
  /** Every attempt and wait is traced here; the line is built only when the log shows traces. */
  log?: LevelledLog;
  /** Holds background reads back when GitLab's rate-limit budget is nearly spent. */
  rateLimitGate?: RateLimitGate;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface AttemptRecord {
  method: string;
  url: string;
  attempt: number;
  status?: number;
  error?: GitLabError;
  durationMs: number;
  retryInMs?: number;
}

/**
 * gitbeaker's request handler with the settings of the call the request belongs to, handed in by that call's requester
 * (`CallApi`), never read from an ambient context.
 */
export type CallHandler = (
  endpoint: string,
  options: Parameters<RequestHandlerFn>[1],
  call: CallSettings,
) => ReturnType<RequestHandlerFn>;

/** A user waiting on an action accepts a short retry; a longer wait is reported so they can decide. */
const USER_ACTION_MAX_RETRY_WAIT_MS = 5_000;

/**
 * gitbeaker's transport, replaced (see docs/transport.md): confinement (`outgoingRequest`), the rate-limit budget and
 * retries (here), one attempt under a deadline (`sendOnce`), and the body checked to be the API (`parseAnswer`).
 */
export function createRequestHandler(config: TransportConfig): CallHandler {
  const scope = new InstanceScope(config.instanceUrl);
  return async (endpoint, options, call) => {
    const request = outgoingRequest(scope, endpoint, (options ?? {}) as GitbeakerRequestOptions, config.userAgent);
    const answer = await withRetries(config, scope, request, call);
    return formatted(answer);
  };
}

/** The retry step: reads are retried on 429/502/503/504 with `Retry-After` obeyed; a write is sent exactly once. */
async function withRetries(
  config: TransportConfig,
  scope: InstanceScope,
  request: OutgoingRequest,
  call: CallSettings,
): Promise<Answer> {
  const { method, url } = request;
  // The one GraphQL request is a query (client.ts): a read, retried and budgeted like one, though sent as POST.
  const policyMethod = scope.isGraphql(url) && method === 'POST' ? 'GET' : method;
  const sleep = config.sleep ?? abortableSleep;
  const log = (attempt: number, started: number, extra: Partial<AttemptRecord>) => {
    const record = (): AttemptRecord => ({
      method,
      url: describeUrl(url),
      attempt,
      durationMs: Date.now() - started,
      ...extra,
    });
    config.onAttempt?.(record());
    config.log?.trace(() => attemptLine(record()));
  };
  const wait = async (ms: number, why: string) => {
    await sleep(ms, call.signal).catch(() => {
      throw new CancelledError(`${method} ${describeUrl(url)} cancelled while waiting ${why}`);
    });
  };

  const gate = config.rateLimitGate;
  const longestRateLimitWait = config.retry.maxRateLimitWaitMs ?? config.retry.maxDelayMs;

  for (let attempt = 1; ; attempt++) {
    // Background reads wait for the budget; the user's own requests use the reserve the gate keeps back.
    const background = policyMethod === 'GET' && !call.userAction;
    const { probe } = await admittedByBudget({
      gate,
      background,
      longestWaitMs: longestRateLimitWait,
      describe: () => `${method} ${describeUrl(url)}`,
      signal: call.signal,
      wait,
      report: (extra) => log(attempt, Date.now(), extra),
    });
    const started = Date.now();
    let answer: Answer;
    try {
      const settings = {
        concurrency: config.concurrency,
        priority: call.userAction ? ('foreground' as const) : ('background' as const),
        timeoutMs: call.timeoutMs ?? config.timeoutMs,
        signal: call.signal,
        rateLimitGate: config.rateLimitGate,
        rawText: call.rawText,
        keepLastBytes: call.keepLastBytes,
      };
      answer = await sendTrusted(request, settings, config.trust);
    } catch (error) {
      const failure = unreadableWriteAnswer(policyMethod, error as GitLabError);
      log(attempt, started, { error: failure });
      throw failure;
    } finally {
      gate?.settled(probe, background && gate !== undefined);
    }

    if (answer.status >= 300 && answer.status < 400) {
      const refused = scope.redirectRefused(url, answer.headers.get('location'));
      log(attempt, started, { status: answer.status, error: refused });
      throw refused;
    }
    if (answer.status >= 200 && answer.status < 300) {
      try {
        if (call.recordRoute !== undefined) expectRecord(answer.body, call.recordRoute);
      } catch (notARecord) {
        const failure = unreadableWriteAnswer(policyMethod, notARecord as GitLabError);
        log(attempt, started, { status: answer.status, error: failure });
        throw failure;
      }
      log(attempt, started, { status: answer.status });
      return answer;
    }

    const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'));
    // The read GitLab throttled waits its Retry-After, up to a window; the other reads go on within the budget.
    const longestWait = call.userAction
      ? USER_ACTION_MAX_RETRY_WAIT_MS
      : answer.status === 429
        ? longestRateLimitWait
        : config.retry.maxDelayMs;
    // A wait longer than we accept is the caller's business (the engine backs off; the user is told); give up now.
    const retry =
      isRetryable(policyMethod, answer.status) &&
      attempt < config.retry.maxAttempts &&
      (retryAfterMs ?? 0) <= longestWait;
    if (!retry) {
      const failure = errorForResponse(
        { method: policyMethod, url, userAction: call.userAction },
        answer.status,
        answer.headers,
        answer.body,
      );
      log(attempt, started, { status: answer.status, error: failure });
      throw failure;
    }
    const waitMs = retryDelayMs(attempt, retryAfterMs, { ...config.retry, maxDelayMs: longestWait });
    log(attempt, started, { status: answer.status, retryInMs: waitMs });
    await wait(waitMs, 'to retry');
  }
}

/**
 * One attempt with the instance's CA file, if any; when nobody the file's set trusts vouches for the server, once more
 * without the file (the system's certificates). A TLS failure happens before the request is sent, so a write is still
 * sent at most once.
 */
export async function sendTrusted(
  request: OutgoingRequest,
  settings: Omit<SendSettings, 'ca' | 'caFileInUse'>,
  trust: InstanceTrust | undefined,
): Promise<Answer> {
  try {
    return await sendOnce(request, { ...settings, ca: trust?.ca, caFileInUse: trust?.hasFile });
  } catch (error) {
    if (!trust?.worthTryingWithoutFile(error as GitLabError)) throw error;
    const answer = await sendOnce(request, { ...settings, ca: undefined, caFileInUse: true });
    trust.keepWithoutFile();
    return answer;
  }
}

/**
 * A write GitLab answered with success, but with a body that cannot be read (a proxy's page, nothing, cut-off JSON):
 * it reached GitLab and may well have been applied, so it is to be checked, not reported as failed or sent again.
 */
function unreadableWriteAnswer(method: string, error: GitLabError): GitLabError {
  if (!isWrite(method) || error.kind !== 'not-api') return error;
  return new WriteOutcomeUnknownError(`${error.detail}; the write was answered, but the answer cannot be read`, {
    cause: error,
  });
}

function formatted(answer: Answer): FormattedResponse<ResponseBodyTypes> {
  return {
    body: answer.body as ResponseBodyTypes,
    headers: Object.fromEntries(answer.headers.entries()),
    status: answer.status,
  };
}
