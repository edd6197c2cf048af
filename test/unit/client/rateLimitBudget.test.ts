import * as assert from 'node:assert/strict';
import type { GitLabClient } from '../../../src/core/gitlab/client';
import { startSimulator, type Simulator } from '../../simulator';
import { clientFor } from './helpers';

// A virtual clock shared by the simulator's rate-limit windows and the client's waits: a minute passes instantly.
describe('GitLabClient: GitLab’s rate-limit budget', () => {
  let sim: Simulator;
  let now = 0;
  const waits: number[] = [];

  before(async () => {
    sim = await startSimulator({ scenario: 'demo', rateLimitPerMinute: 20, clock: () => new Date(now) });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.limiter.reset();
    sim.clearLog();
    waits.length = 0;
  });

  // GitLab's own retry policy (not the tests' fast one): its rate-limit waits are what is paced here.
  const client = () =>
    clientFor(sim, {
      retry: undefined,
      maxConcurrency: 1,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });

  async function readDownToTheReserve(gitlab: GitLabClient): Promise<void> {
    // 20 a minute; the person's other tools (a browser, a script) spent 10 of this window already; the reserve is 2:
    // eight background reads go straight through (their own pace, half the limit in any 60 s, is not reached).
    for (let i = 0; i < 10; i++) sim.limiter.hit(`user:${sim.state.findUser(sim.state.mainUsername!)!.id}`, true);
    for (let i = 0; i < 8; i++) await gitlab.currentUser();
    assert.deepEqual(waits, []);
  }

  it('slows down before the limit instead of running into 429s, and keeps a reserve for writes', async () => {
    now = Date.parse('2026-11-24T10:00:35Z');
    const gitlab = client();
    await readDownToTheReserve(gitlab);
    // A write the user asked for does not wait for the budget: it uses the reserve.
    const staging = sim.state.findEnvironment(sim.state.findProject('acme/platform/api-gateway')!, 'staging')!;
    const blocked = [...sim.state.deployments.values()].find((d) => d.environmentId === staging.id)!;
    await gitlab.setApproval(blocked.projectId, blocked.id, { status: 'approved' });
    assert.deepEqual(waits, []);
    // The next read waits the 25 s left of the window (no longer than a retry would), then goes.
    await gitlab.currentUser();
    assert.deepEqual(waits, [25_000]);
    const statuses = sim.requestLog.all().map((r) => r.status);
    assert.deepEqual(statuses, [...Array(8).fill(200), 201, 200]);
  });

  it('a wait within the window is slept through, then the read goes; a longer one fails (budgetSpent tests)', async () => {
    now = Date.parse('2026-11-24T10:10:05Z');
    const gitlab = client();
    await readDownToTheReserve(gitlab);
    await gitlab.currentUser();
    assert.deepEqual(waits, [55_000], 'the 55 s left of the window, no more than one window (60 s)');
    assert.deepEqual(
      sim.requestLog.all().map((r) => r.status),
      Array(9).fill(200),
    );
  });
});
