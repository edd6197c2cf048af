// Shared set-up for the client tests: a real GitLabClient talking HTTP to a simulator started on port 0.
import * as assert from 'node:assert/strict';
import { isGitLabError, type GitLabError, type GitLabErrorKind } from '../../../src/core/errors';
import { GitLabClient, type GitLabClientOptions } from '../../../src/core/gitlab/client';
import { startSimulator, type RequestLogEntry, type Simulator, type SimulatorOptions } from '../../simulator';

/** Small retry waits so the suite stays fast; tests that need other values pass their own. */
export const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 2_000 };

export function clientFor(sim: Simulator, overrides: Partial<GitLabClientOptions> = {}): GitLabClient {
  return new GitLabClient({
    instanceUrl: sim.url,
    token: async () => sim.defaultToken,
    userAgent: 'gitlab-deployment-approvals-tests',
    retry: FAST_RETRY,
    caPem: sim.caPem,
    ...overrides,
  });
}

/** One simulator per `describe`, with the request log and faults cleared before each test. */
export function useSimulator(options: SimulatorOptions = {}): { sim: Simulator } {
  const holder = {} as { sim: Simulator };
  before(async () => {
    holder.sim = await startSimulator({ scenario: 'demo', ...options });
  });
  beforeEach(() => {
    holder.sim.faults.clear();
    holder.sim.clearLog();
  });
  after(async () => {
    await holder.sim?.close();
  });
  return holder;
}

/** Awaits a promise that must reject with a typed error of `kind`; returns the error for further checks. */
export async function rejectsWithKind(promise: Promise<unknown>, kind: GitLabErrorKind): Promise<GitLabError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isGitLabError(error), `expected a GitLabError, got ${String(error)}`);
    assert.equal(error.kind, kind, `expected ${kind}, got ${error.kind}: ${error.detail}`);
    return error;
  }
  assert.fail(`expected a ${kind} error, but the call succeeded`);
}

export function requestsTo(sim: Simulator, route: string, method = 'GET'): RequestLogEntry[] {
  return sim.requestLog.all().filter((e) => e.route === route && e.method === method);
}

export function projectIdOf(sim: Simulator, path: string): number {
  const project = sim.state.findProject(path);
  if (!project) throw new Error(`no project ${path} in the scenario`);
  return project.id;
}

/** The id of the (only) blocked deployment of a project's environment in the simulator. */
export function blockedDeploymentId(sim: Simulator, projectPath: string, environment: string): number {
  const project = sim.state.findProject(projectPath)!;
  const env = sim.state.findEnvironment(project, environment)!;
  const candidates = sim.state
    .deploymentsOf(project)
    .filter((d) => d.environmentId === env.id && sim.state.jobOf(d)?.status === 'manual');
  assert.equal(candidates.length, 1, `expected one blocked deployment in ${projectPath}/${environment}`);
  return candidates[0].id;
}
