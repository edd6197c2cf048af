// Shared test helpers: start a simulator on port 0 and call it over real HTTP.
import { startSimulator, Simulator, SimulatorOptions } from '../../simulator';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body (undefined when the body is not JSON). */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CallOptions {
  method?: string;
  token?: string | null;
  bearer?: boolean;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  redirect?: RequestRedirect;
}

/** Calls `<apiUrl><path>` with the scenario's default token unless `token` says otherwise. */
export async function api(sim: Simulator, path: string, options: CallOptions = {}): Promise<Reply> {
  return call(sim, `${sim.apiUrl}${path}`, options);
}

export async function call(sim: Simulator, url: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? sim.defaultToken : options.token;
  if (token !== null) {
    if (options.bearer) headers.authorization = `Bearer ${token}`;
    else headers['private-token'] = token;
  }
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers,
    body,
    redirect: options.redirect ?? 'manual',
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** Registers before/after hooks that start and close one simulator per `describe`. */
export function useSimulator(options: SimulatorOptions = {}): { sim: Simulator } {
  const holder = {} as { sim: Simulator };
  before(async () => {
    holder.sim = await startSimulator(options);
  });
  after(async () => {
    await holder.sim?.close();
  });
  return holder;
}

/** A fresh simulator per test (for tests that mutate state). */
export function useFreshSimulator(options: SimulatorOptions = {}): { sim: Simulator } {
  const holder = {} as { sim: Simulator };
  beforeEach(async () => {
    holder.sim = await startSimulator(options);
  });
  afterEach(async () => {
    await holder.sim?.close();
  });
  return holder;
}

/** Ids of the demo scenario's blocked deployments, by what they exercise (see scenarios/demo.ts). */
export const DEMO = {
  waitingSeveralPes: 5,
  waitingRole: 6,
  partlyApproved: 7,
  approvedNotRun: 8,
  plainManual: 9,
  severalRules: 10,
  reporterRule: 11,
  selfTriggeredForbidden: 12,
  selfTriggeredAllowed: 13,
  userRuleAlice: 14,
  plainManualSelf: 15,
  /** Approved, but older than billing-service staging's live deployment (18): GitLab refuses to run it. */
  olderThanLive: 17,
  rejected: 4,
} as const;
