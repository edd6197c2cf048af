// Scenarios (demo covers every kind of blocked deployment; the generator scales) and the CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { startSimulator } from '../../simulator';
import { waitFor } from '../../support/waitFor';
import { api, DEMO, useSimulator } from './helpers';

describe('simulator: demo scenario', () => {
  const h = useSimulator();

  it('is a believable instance: groups, 8 projects, ~20 environments, blocked deployments of every kind', async () => {
    const { sim } = h;
    assert.ok(sim.state.groups.size >= 2);
    assert.equal(sim.state.projects.size, 8);
    assert.ok(sim.state.environments.size >= 19);
    const kinds = new Map<number, string>();
    for (const id of Object.values(DEMO)) {
      const d = sim.state.deployments.get(id)!;
      const body = (await api(sim, `/projects/${d.projectId}/deployments/${id}`)).body;
      const rules = body.approval_summary.rules.length;
      kinds.set(
        id,
        body.status !== 'blocked'
          ? body.status
          : rules === 0
            ? 'plain'
            : body.pending_approval_count > 0
              ? body.approvals.length
                ? 'partly'
                : 'waiting'
              : 'approved',
      );
    }
    assert.equal(kinds.get(DEMO.waitingSeveralPes), 'waiting');
    assert.equal(kinds.get(DEMO.partlyApproved), 'partly');
    assert.equal(kinds.get(DEMO.approvedNotRun), 'approved');
    assert.equal(kinds.get(DEMO.plainManual), 'plain');
    assert.equal(kinds.get(DEMO.rejected), 'failed');
    assert.equal(sim.state.deployments.get(DEMO.selfTriggeredForbidden)!.userId, sim.state.user('demo').id);
    const several = (await api(sim, `/projects/4/deployments/${DEMO.severalRules}`)).body;
    assert.equal(several.approval_summary.rules.length, 3);
  });

  it('is deterministic: same ids, timestamps and token in every run', async () => {
    const other = await startSimulator();
    try {
      assert.equal(other.defaultToken, h.sim.defaultToken);
      const a = (await api(h.sim, '/projects/2/deployments')).body.map((d: { id: number; created_at: string }) => [
        d.id,
        d.created_at,
      ]);
      const b = (await api(other, '/projects/2/deployments')).body.map((d: { id: number; created_at: string }) => [
        d.id,
        d.created_at,
      ]);
      assert.deepEqual(a, b);
    } finally {
      await other.close();
    }
  });
});

describe('simulator: generated scenario', () => {
  it('creates N projects × M environments × K blocked deployments', async () => {
    const sim = await startSimulator({ scenario: { projects: 120, environmentsPerProject: 4, blockedPerProject: 3 } });
    try {
      assert.equal(sim.state.projects.size, 120);
      assert.equal(sim.state.environments.size, 480);
      const listed = await api(sim, '/projects?membership=true&per_page=100');
      assert.equal(listed.headers.get('x-total'), '120');
      const blocked = await api(sim, '/projects/120/deployments?status=blocked');
      assert.equal(blocked.body.length, 3);
      const first = (await api(sim, `/projects/120/deployments/${blocked.body[0].id}`)).body;
      assert.equal(first.pending_approval_count, 1);
    } finally {
      await sim.close();
    }
  });
});

describe('simulator: CLI', () => {
  it('prints the URL and a working token, serves the API, and exits cleanly on SIGTERM', async function () {
    this.timeout(15000);
    const cli = path.resolve(__dirname, '../../simulator/cli.js');
    const child = spawn(
      process.execPath,
      [cli, '--port', '0', '--scenario', 'demo', '--profile', 'latest', '--base-path', '/gitlab'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => /token:/.test(output), 'the simulator to print its URL and token', 10_000);
      const url = /URL:\s+(\S+)/.exec(output)![1];
      const token = /token:\s+(\S+)/.exec(output)![1];
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/gitlab$/);
      const reply = await fetch(`${url}/api/v4/user`, { headers: { 'private-token': token } });
      assert.equal(((await reply.json()) as { username: string }).username, 'demo');
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });
});
