// Set-up for the engine tests: a RefreshEngine with one InstanceSession on a real GitLabClient, against a simulator.
import * as sinon from 'sinon';
import { GitLabClient, type GitLabClientOptions } from '../../../src/core/gitlab/client';
import { RefreshEngine, type RefreshEngineOptions } from '../../../src/core/refresh/engine';
import { InstanceSession } from '../../../src/core/refresh/instanceSession';
import type { PollRules } from '../../../src/core/refresh/pollPlan';
import { allDeployments, type DeploymentView, type InstanceView } from '../../../src/core/refresh/snapshot';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';

export const MEMBERSHIP_WATCH = { explicit: [], membership: true, remotePaths: [] };

export interface EngineHarness {
  sim: Simulator;
  client: GitLabClient;
  session: InstanceSession;
  engine: RefreshEngine;
  /** The current token; tests replace it to simulate a revoked one. */
  token: { value: string };
  newAwaitingMe: DeploymentView[][];
  close(): Promise<void>;
}

export interface HarnessOptions {
  sim?: SimulatorOptions;
  engine?: Partial<RefreshEngineOptions>;
  client?: Partial<GitLabClientOptions>;
  /** Re-read waiting deployments' details every N polls (default: effectively never, so counts are exact). */
  detailRefreshEveryPolls?: number;
  /** Scheduling rules; by default a rate limit so high that every project is read on every poll, however short the interval. */
  rules?: Partial<PollRules>;
}

// Taken before any test fakes the clock: the transport's retry waits (10 ms here) stay on the real clock, so a test that
// moves the pollers' fake clock need not also step every retry.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = realSetTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (realClearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

export async function startEngine(options: HarnessOptions = {}): Promise<EngineHarness> {
  const sim = await startSimulator({ scenario: 'demo', ...options.sim });
  const token = { value: sim.defaultToken };
  const client = new GitLabClient({
    instanceUrl: sim.url,
    token: async () => token.value,
    userAgent: 'gitlab-deployment-approvals-tests',
    retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 1_000 },
    sleep: realSleep,
    // Read at each call, so the rate-limit gate and the pollers keep one clock when a test fakes it.
    now: () => Date.now(),
    ...options.client,
  });
  const session = new InstanceSession(client, () => MEMBERSHIP_WATCH, {
    rules: {
      detailRereadPolls: options.detailRefreshEveryPolls ?? 1_000,
      // No re-read on the clock unless a test asks for one (the lag bound would otherwise bring one every 10 polls).
      ...(options.detailRefreshEveryPolls === undefined && { maxApprovalLagMs: Number.POSITIVE_INFINITY }),
      rateLimitPerMinute: Number.MAX_SAFE_INTEGER,
      ...options.rules,
    },
  });
  const engine = new RefreshEngine({ intervalMs: () => 60_000, ...options.engine });
  const newAwaitingMe: DeploymentView[][] = [];
  engine.onNewAwaitingMe((views) => newAwaitingMe.push(views));
  return {
    sim,
    client,
    session,
    engine,
    token,
    newAwaitingMe,
    close: async () => {
      engine.dispose();
      await sim.close();
    },
  };
}

/** Resumes the engine and waits for its first (full) load to finish. */
export async function coldLoad(h: EngineHarness): Promise<void> {
  h.engine.resume();
  await h.engine.setSessions([h.session]);
}

/**
 * Registers hooks on the enclosing `describe`: an engine on a fresh simulator, cold-loaded, for each test (or once for
 * the suite with `once`), closed after. The returned harness is filled in when the hook runs.
 */
export function loadedEngine(options: HarnessOptions & { once?: boolean } = {}): EngineHarness {
  const h = {} as EngineHarness;
  (options.once ? before : beforeEach)(async () => {
    Object.assign(h, await startEngine(options));
    await coldLoad(h);
  });
  (options.once ? after : afterEach)(() => h.close());
  return h;
}

export function instanceView(h: EngineHarness): InstanceView {
  return h.engine.snapshot().instances[0];
}

export function deploymentsOf(h: EngineHarness): DeploymentView[] {
  return allDeployments(h.engine.snapshot());
}

/** The view of one deployment by project path and environment name. */
export function viewOf(h: EngineHarness, projectPath: string, environment: string): DeploymentView {
  const matches = deploymentsOf(h).filter(
    (d) => d.deployment.environment.name === environment && projectPathOf(h, d.projectId) === projectPath,
  );
  if (matches.length !== 1)
    throw new Error(`expected one deployment in ${projectPath}/${environment}, found ${matches.length}`);
  return matches[0];
}

function projectPathOf(h: EngineHarness, projectId: number): string {
  return h.sim.state.projectFullPath(h.sim.state.projects.get(projectId)!);
}

/** Request counts by route name, for readable failure messages. */
export function routeCounts(h: EngineHarness, since = 0): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of h.sim.requestLog.since(since))
    counts[entry.route ?? entry.path] = (counts[entry.route ?? entry.path] ?? 0) + 1;
  return counts;
}

export function lastSeq(h: EngineHarness): number {
  const all = h.sim.requestLog.all();
  return all.length ? all[all.length - 1].seq : 0;
}

export { waitFor } from '../../support/waitFor';

/**
 * Installs sinon's fake clock for the poller's timers and `Date` (the engine's clock), leaving everything else real:
 * HTTP to the simulator still runs, and `waitFor` still waits on the real clock. Time moves only by `tickAsync`.
 */
export function fakePollClock(): sinon.SinonFakeTimers {
  return sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
}
