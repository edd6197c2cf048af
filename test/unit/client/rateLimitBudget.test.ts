import * as assert from 'node:assert/strict';
import { GitLabClient } from '../../../src/core/gitlab/client';
import { startSimulator, type Simulator } from '../../simulator';

// A virtual clock shared by the simulator's rate-limit windows and the client's waits: a minute passes instantly.
describe('GitLabClient: GitLab’s rate-limit budget', () => {
  let sim: Simulator;
  let now = Date.parse('2026-11-24T10:00:05Z');
  const waits: number[] = [];

  before(async () => {
    sim = await startSimulator({ scenario: 'demo', rateLimitPerMinute: 20, clock: () => new Date(now) });
  });
  after(() => sim.close());

  it('slows down before the limit instead of running into 429s, and keeps a reserve for writes', async () => {
    const client = new GitLabClient({
      instanceUrl: sim.url,
      token: async () => sim.defaultToken,
      userAgent: 'tests',
      maxConcurrency: 1,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    // 20 a minute; the reserve is 2: eighteen reads go straight through.
    for (let i = 0; i < 18; i++) await client.currentUser();
    assert.deepEqual(waits, []);
    // A write the user asked for does not wait for the budget: it uses the reserve.
    const staging = sim.state.findEnvironment(sim.state.findProject('acme/platform/api-gateway')!, 'staging')!;
    const blocked = [...sim.state.deployments.values()].find((d) => d.environmentId === staging.id)!;
    await client.setApproval(blocked.projectId, blocked.id, { status: 'approved' });
    assert.deepEqual(waits, []);
    // The next read waits for the window to reset, then goes.
    await client.currentUser();
    assert.deepEqual(waits, [55_000]);
    const statuses = sim.requestLog.all().map((r) => r.status);
    assert.deepEqual(statuses, [...Array(18).fill(200), 201, 200]);
  });
});
