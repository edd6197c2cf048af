// One project's 403, 404 or unusable data marks that project, never the instance: no stale mark and no back-off for
// every other project, and a record with an id that is not a safe positive integer is refused, never rounded.
import * as assert from 'node:assert/strict';
import type { GitLabError } from '../../../src/core/errors';
import type { InstanceView, ProjectView } from '../../../src/core/refresh/snapshot';
import { deploymentsOf, instanceView, lastSeq, loadedEngine, waitFor, type EngineHarness } from './helpers';

const STOREFRONT = 'acme/web/storefront';

describe('RefreshEngine: one project’s problem stays that project’s (demo scenario)', () => {
  const failures: [string, GitLabError][] = [];
  // Every waiting detail is due on every poll, as on a large account where each poll re-reads some.
  const h = loadedEngine({
    detailRefreshEveryPolls: 1,
    engine: { onRefreshFailed: (url, error) => failures.push([url, error]) },
  });
  beforeEach(() => (failures.length = 0));

  for (const [status, kind, body] of [
    [403, 'forbidden', '{"message":"403 Forbidden"}'],
    [404, 'not-found', '{"message":"404 Not found"}'],
  ] as const) {
    for (const refresh of ['full', 'poll'] as const) {
      it(`a ${status} on one project’s deployment detail (${refresh === 'full' ? 'Refresh' : 'a due re-read'}) marks that project only`, async () => {
        const storefront = h.sim.state.findProject(STOREFRONT)!;
        const rowsBefore = rowsOf(h, storefront.id);
        assert.ok(rowsBefore > 0, 'the scenario has waiting deployments in the project');
        h.sim.faults.add({
          kind: 'status',
          status,
          body,
          contentType: 'application/json',
          path: `/projects/${storefront.id}/deployments/\\d+$`,
        });
        await h.engine.refresh(refresh);
        assertInstanceFine(instanceView(h));
        assert.deepEqual(problems(instanceView(h)), [[storefront.id, kind]]);
        assert.equal(rowsOf(h, storefront.id), rowsBefore, 'its last good rows are kept');
      });
    }
  }

  it('a project deleted between its list and its details marks that project only', async () => {
    const storefront = h.sim.state.findProject(STOREFRONT)!;
    newWaitingDeployment(h);
    h.sim.faults.add({ kind: 'latency', ms: 300, path: `/projects/${storefront.id}/deployments/\\d+$` });
    const seq = lastSeq(h);
    const poll = h.engine.refresh('poll');
    await waitFor(() => detailReadsOf(h, storefront.id, seq).length > 0, 'the first detail read', 5_000);
    h.sim.state.removeProject(storefront);
    await poll;
    assertInstanceFine(instanceView(h));
    assert.deepEqual(problems(instanceView(h)), [[storefront.id, 'not-found']]);
  });

  for (const bad of ['null', '-3', '0', '15.5', '1e20', '9007199254740993']) {
    it(`a listed deployment whose id is ${bad} is refused and marks its project, not the instance`, async () => {
      const storefront = h.sim.state.findProject(STOREFRONT)!;
      const rowsBefore = rowsOf(h, storefront.id);
      const deployment = { id: newWaitingDeployment(h) };
      h.sim.faults.add({
        kind: 'rewrite',
        route: 'deployments.list',
        path: `/projects/${storefront.id}/deployments$`,
        find: `"id":${deployment.id},"iid":`,
        replace: `"id":${bad},"iid":`,
      });
      const seq = lastSeq(h);
      await h.engine.refresh('poll');
      assertInstanceFine(instanceView(h));
      assert.deepEqual(problems(instanceView(h)), [[storefront.id, 'invalid-input']]);
      assert.equal(rowsOf(h, storefront.id), rowsBefore, 'the refused record is left out, the others stay');
      // 2^53 + 1 parses as 2^53: reading (or approving) that would be the neighbour.
      const neighbour = detailReadsOf(h, storefront.id, seq).filter((path) => path.endsWith('/9007199254740992'));
      assert.deepEqual(neighbour, [], 'never the neighbour of a rounded id');
      const logged = failures.filter(([url]) => url === h.sim.url).map(([, error]) => error.detail);
      assert.equal(logged.length, 1, `logged once: ${JSON.stringify(logged)}`);
      assert.match(logged[0], new RegExp(`${STOREFRONT}.*deployment.*id`, 's'));
    });
  }

  it('a detail whose id is not the one asked for (2^53 + 1 rounded) is refused: that row says its detail is unavailable', async () => {
    const storefront = h.sim.state.findProject(STOREFRONT)!;
    const deployment = { id: newWaitingDeployment(h) };
    h.sim.faults.add({
      kind: 'rewrite',
      route: 'deployments.get',
      find: `^\\{"id":${deployment.id},`,
      replace: '{"id":9007199254740993,',
    });
    await h.engine.refresh('poll');
    assertInstanceFine(instanceView(h));
    assert.deepEqual(problems(instanceView(h)), [[storefront.id, 'invalid-input']]);
    const row = deploymentsOf(h).find((d) => d.deployment.id === deployment.id);
    assert.ok(row, 'the listed deployment keeps its row');
    assert.equal(row.detail, undefined, 'the refused detail is not taken');
    assert.equal(row.error?.kind, 'invalid-input');
  });

  for (const bad of ['0', '9007199254740993']) {
    it(`a listed project whose id is ${bad} is not watched, said as such; the others are`, async () => {
      const storefront = h.sim.state.findProject(STOREFRONT)!;
      h.sim.faults.add({
        kind: 'rewrite',
        route: 'projects.list',
        find: `\\{"id":${storefront.id},"description":`,
        replace: `{"id":${bad},"description":`,
      });
      const seq = lastSeq(h);
      await h.engine.refresh('full');
      assertInstanceFine(instanceView(h));
      const watched = instanceView(h).projects.map((p) => p.project.path_with_namespace);
      assert.ok(!watched.includes(STOREFRONT), 'not watched');
      assert.equal(watched.length, 7, 'the other projects are');
      assert.deepEqual(
        instanceView(h).coverage?.unresolved.map((u) => u.entry),
        [STOREFRONT],
        'said as not watched, with why',
      );
      const rounded = h.sim.requestLog.since(seq).filter((e) => /\/projects\/(0|9007199254740992)\//.test(e.path));
      assert.deepEqual(rounded, [], 'nothing is asked of the id as read');
    });
  }

  it('a project’s mark goes once it reads well again', async () => {
    const storefront = h.sim.state.findProject(STOREFRONT)!;
    const fault = h.sim.faults.add({
      kind: 'status',
      status: 404,
      body: '{"message":"404 Not found"}',
      contentType: 'application/json',
      path: `/projects/${storefront.id}/deployments/\\d+$`,
    });
    await h.engine.refresh('full');
    assert.equal(problems(instanceView(h)).length, 1);
    h.sim.faults.remove(fault);
    await h.engine.refresh('full');
    assert.deepEqual(problems(instanceView(h)), []);
    assert.ok(deploymentsOf(h).every((d) => d.error === undefined));
  });
});

function assertInstanceFine(instance: InstanceView): void {
  assert.equal(instance.error, undefined, `no instance error: ${instance.error?.detail}`);
  assert.equal(instance.stale, false, 'the instance is not marked stale');
  assert.equal(instance.nextAttemptAt, undefined, 'no instance back-off');
}

function problems(instance: InstanceView): [number, string | undefined][] {
  return instance.projects.filter((p: ProjectView) => p.error).map((p) => [p.project.id, p.error?.kind]);
}

function rowsOf(h: EngineHarness, projectId: number): number {
  return deploymentsOf(h).filter((d) => d.projectId === projectId).length;
}

function detailReadsOf(h: EngineHarness, projectId: number, since: number): string[] {
  return h.sim.requestLog
    .since(since)
    .filter((e) => e.route === 'deployments.get' && e.path.includes(`/projects/${projectId}/`))
    .map((e) => e.path);
}

/** A new deployment waiting in the storefront project: its detail is read on the next poll. */
function newWaitingDeployment(h: EngineHarness): number {
  return h.sim.createBlockedDeployment({ project: STOREFRONT, environment: 'staging', triggeredBy: 'bob' }).deployment
    .id;
}
