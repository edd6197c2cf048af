// Is there a GitLab API at this address? Asked before any token is typed, so a wrong URL is said at the URL step.
// GitLab's `GET /api/v4/version` requires authentication, and without a token answers 401 `{"message":"401
// Unauthorized"}` (docs/sign-in.md#is-it-gitlab).
import { NotTheApiError } from '../errors';
import { Semaphore } from '../util/semaphore';
import { InstanceScope } from './transport/confinement';
import type { InstanceTrust } from './transport/caFileTrust';
import { outgoingRequest } from './transport/outgoingRequest';
import { sendTrusted } from './transport/requestHandler';

export type InstanceProbe =
  /** GitLab's API answered (401 without a token, or 200 with a version). */
  | { kind: 'gitlab'; version?: string }
  /** Something answered, but not GitLab's API; `reason` says what it did, for "… does not look like a GitLab API". */
  | { kind: 'not-gitlab'; reason: string; redirectTo?: string };

export interface ProbeSettings {
  instanceUrl: string;
  userAgent: string;
  /** The instance's CA file trust, shared with its requests (a server only the system trusts is tried without it). */
  trust?: InstanceTrust;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * One unauthenticated `GET <instance>/api/v4/version` (no token is ever sent here). Network, TLS and timeout failures
 * throw the usual typed errors; any answer is classified.
 */
export async function probeInstance(settings: ProbeSettings): Promise<InstanceProbe> {
  const scope = new InstanceScope(settings.instanceUrl);
  const request = outgoingRequest(scope, 'version', {}, settings.userAgent);
  let answer;
  try {
    answer = await sendTrusted(
      request,
      { concurrency: new Semaphore(1), timeoutMs: settings.timeoutMs ?? 15_000, signal: settings.signal },
      settings.trust,
    );
  } catch (error) {
    if (error instanceof NotTheApiError)
      return {
        kind: 'not-gitlab',
        reason: error.webPage ? 'it answered with a web page' : 'its answer is not JSON',
      };
    throw error;
  }
  const { status, body } = answer;
  if (status === 401 && isGitLabMessage(body, /^401 Unauthorized\b/)) return { kind: 'gitlab' };
  if (status === 200 && isRecord(body) && typeof body.version === 'string')
    return { kind: 'gitlab', version: body.version };
  if (status >= 300 && status < 400) {
    const location = answer.headers.get('location') ?? undefined;
    const target = location === undefined ? undefined : safeUrl(location, request.url);
    return {
      kind: 'not-gitlab',
      reason: target ? `it redirects to ${target.origin}${target.pathname}` : 'it answered with a redirect',
      redirectTo: target ? instanceBehindRedirect(target) : undefined,
    };
  }
  return {
    kind: 'not-gitlab',
    reason: `it answered ${status}${isRecord(body) ? ' with JSON GitLab does not send' : ''}`,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isGitLabMessage(body: unknown, pattern: RegExp): boolean {
  return isRecord(body) && typeof body.message === 'string' && pattern.test(body.message);
}

function safeUrl(location: string, base: URL): URL | undefined {
  try {
    const url = new URL(location, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A redirect to `<somewhere>/api/v4/version` names the instance there (typically http:// → https://). */
function instanceBehindRedirect(target: URL): string | undefined {
  const match = /^(.*)\/api\/v4\/version$/.exec(target.pathname);
  return match && !target.username && !target.password ? `${target.origin}${match[1]}` : undefined;
}
