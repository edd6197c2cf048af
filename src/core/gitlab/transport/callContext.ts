/**
 * Per-call settings that gitbeaker's resource methods cannot carry (an unknown option such as `signal` would be sent
 * as a query parameter; see docs/transport.md). The client builds each call's resources with a requester bound to them
 * (`CallApi`), so the request handler gets them with every page and retry of that call.
 */
export interface CallSettings {
  signal?: AbortSignal;
  /** The whole request (connect, headers and body), per attempt. */
  timeoutMs?: number;
  /**
   * The user is waiting on this call (approve, reject, run, set required approvals, the reads they make, the deployment
   * page's reads): it goes before every queued background request of the instance, never waits behind the background
   * rate-limit budget, and a 429 tells the user when to try again.
   */
  userAction?: boolean;
  /** A raw file read (the repository's files API): a successful text answer is the data, not a sign of a proxy. */
  rawText?: boolean;
  /** Keep only the answer's last bytes (a job's log, which GitLab answers whole). */
  keepLastBytes?: number;
  /**
   * The route answers one record (named here for the error): any other answer, a list in particular, is not the API.
   * Checked before gitbeaker sees the body, because gitbeaker follows `Link: rel="next"` on every list answer, for
   * ever; so a single-record read is one request whatever the server's pagination headers say.
   */
  recordRoute?: string;
}

/** The user is waiting on these calls (an action): they go first, and never wait for the background rate-limit budget. */
export function asUserAction(settings: CallSettings | undefined): CallSettings {
  return { ...settings, userAction: true };
}
