// The last known state: kept trimmed, restored to the same rows and count, shown until the first load, never after
// signing out.
import * as assert from 'node:assert/strict';
import { InstanceSession } from '../../../src/core/refresh/instanceSession';
import {
  countInstance,
  keepInstance,
  restoreCounts,
  restoreInstances,
  KEPT_COUNTS_VERSION,
  KEPT_STATE_VERSION,
} from '../../../src/core/refresh/keptState';
import { neededFromMe } from '../../../src/core/actions/availableActions';
import { awaitsSomeone } from '../../../src/core/approvals/classify';
import { locatedDeployments } from '../../../src/core/refresh/snapshot';
import { RefreshEngine } from '../../../src/core/refresh/engine';
import { allDeployments, type InstanceView } from '../../../src/core/refresh/snapshot';
import { coldLoad, instanceView, lastSeq, MEMBERSHIP_WATCH, startEngine, type EngineHarness } from './helpers';

describe('last known state', () => {
  let h: EngineHarness;
  let kept: unknown;
  before(async () => {
    h = await startEngine();
    await coldLoad(h);
    // Through JSON, as VS Code's global state stores it.
    kept = JSON.parse(
      JSON.stringify({ version: KEPT_STATE_VERSION, instances: [keepInstance(instanceView(h), Date.now())] }),
    );
  });
  after(() => h.close());

  const rows = (views: InstanceView[]) =>
    allDeployments({ instances: views, refreshing: false })
      .map((d) => `${d.deployment.id}:${d.state}:${d.awaitingMe}:${d.progress?.totalApproved}`)
      .sort();

  it('restores the same rows, states and "awaiting me" as the live view, marked not yet refreshed', () => {
    const restored = restoreInstances(kept, [h.sim.url]);
    assert.equal(restored.length, 1);
    assert.deepEqual(rows(restored), rows([instanceView(h)]));
    assert.ok(restored[0].restoredFrom);
    assert.equal(restored[0].stale, true);
  });

  it('restores what is live, so a deployment older than it shows no Run before any request (as the status bar counts)', () => {
    const restored = restoreInstances(kept, [h.sim.url]);
    const older = allDeployments({ instances: restored, refreshing: false }).find((d) => d.deployment.id === 17);
    assert.deepEqual(
      older?.outdated,
      allDeployments(h.engine.snapshot()).find((d) => d.deployment.id === 17)?.outdated,
    );
    assert.equal(older?.outdated?.protection, 'on', 'the setting demo may read is kept too');
  });

  it('keeps only what rows need: no e-mail, no avatars, nothing of the token', () => {
    const text = JSON.stringify(kept);
    assert.doesNotMatch(text, /"email"/);
    assert.doesNotMatch(text, /avatar_url":"/);
    assert.ok(!text.includes(h.sim.defaultToken));
  });

  it('is not restored for another account than the one last signed in to the instance (kept by URL, shown per user)', () => {
    const demoId = h.sim.state.user('demo').id;
    const aliceId = h.sim.state.user('alice').id;
    assert.equal(restoreInstances(kept, [h.sim.url], new Map([[h.sim.url, demoId]])).length, 1);
    assert.deepEqual(restoreInstances(kept, [h.sim.url], new Map([[h.sim.url, aliceId]])), []);
  });

  it('ignores other instances, another format and damage', () => {
    assert.deepEqual(restoreInstances(kept, ['https://elsewhere.example']), []);
    assert.deepEqual(restoreInstances({ version: 99, instances: [] }, [h.sim.url]), []);
    assert.deepEqual(restoreInstances('garbage', [h.sim.url]), []);
    assert.deepEqual(
      restoreInstances({ version: KEPT_STATE_VERSION, instances: [{ instanceUrl: h.sim.url }] }, [h.sim.url]),
      [],
    );
  });

  it('keeps the status bar’s counts apart from the rows, counted as the rows are', () => {
    const located = locatedDeployments(h.engine.snapshot());
    const needed = (need: string) => located.filter((d) => neededFromMe(d.view, d.project.accessLevel) === need).length;
    const counts = JSON.parse(
      JSON.stringify({ version: KEPT_COUNTS_VERSION, instances: [countInstance(instanceView(h), 1_000)] }),
    ) as unknown;
    const [count] = restoreCounts(counts, [h.sim.url]);
    assert.deepEqual(
      { approve: count.approve, mayApprove: count.mayApprove, run: count.run, blocked: count.blocked },
      {
        approve: needed('approve'),
        mayApprove: needed('mayApprove'),
        run: needed('run'),
        blocked: located.filter((d) => awaitsSomeone(d.view)).length,
      },
    );
    assert.ok(count.approve > 0 && count.run > 0, 'the demo has some to approve and some to run');
    assert.equal(count.savedAt, 1_000);
  });

  it('restores counts only for the instances and account they were kept for, and none from another format or damage', () => {
    const counts = { version: KEPT_COUNTS_VERSION, instances: [countInstance(instanceView(h), 1_000)] };
    const demoId = h.sim.state.user('demo').id;
    const aliceId = h.sim.state.user('alice').id;
    assert.equal(restoreCounts(counts, [h.sim.url], new Map([[h.sim.url, demoId]])).length, 1);
    assert.deepEqual(restoreCounts(counts, [h.sim.url], new Map([[h.sim.url, aliceId]])), []);
    assert.deepEqual(restoreCounts(counts, ['https://elsewhere.example']), []);
    assert.deepEqual(restoreCounts(kept, [h.sim.url]), [], 'the rows’ record is not a count');
    assert.deepEqual(restoreCounts(undefined, [h.sim.url]), [], 'state kept before counts were: none');
    const damaged = { ...counts.instances[0], approve: -1 };
    assert.deepEqual(restoreCounts({ version: KEPT_COUNTS_VERSION, instances: [damaged] }, [h.sim.url]), []);
  });

  it('the engine shows it before any session, keeps it on a paused session until loaded, and drops it on sign-out', async () => {
    const engine = new RefreshEngine({ intervalMs: () => 60_000 });
    try {
      engine.restore(restoreInstances(kept, [h.sim.url]));
      const count = allDeployments(engine.snapshot()).length;
      assert.ok(count > 0);
      const session = new InstanceSession(h.client, () => MEMBERSHIP_WATCH);
      await engine.setSessions([session]); // paused: nothing is sent
      assert.equal(allDeployments(engine.snapshot()).length, count);
      assert.ok(engine.snapshot().instances[0].restoredFrom);
      engine.resume();
      await engine.refresh('full');
      assert.equal(engine.snapshot().instances[0].restoredFrom, undefined, 'refreshed');
      await engine.setSessions([]);
      assert.deepEqual(engine.snapshot().instances, [], 'signed out: the kept rows are not shown again');
    } finally {
      engine.dispose();
    }
  });
});

describe('last known state on a large account (cold load reads some projects, the rest in turn)', () => {
  let h: EngineHarness;
  let kept: unknown;
  let liveRows: number;
  beforeEach(async () => {
    h = await startEngine();
    await coldLoad(h);
    liveRows = allDeployments(h.engine.snapshot()).length;
    kept = JSON.parse(
      JSON.stringify({ version: KEPT_STATE_VERSION, instances: [keepInstance(instanceView(h), Date.now())] }),
    );
  });
  afterEach(() => h.close());

  /** After a restart: an engine that shows the kept rows, and a session whose budget reads a few quiet projects a poll. */
  async function restarted(): Promise<RefreshEngine> {
    const engine = new RefreshEngine({ intervalMs: () => 60_000 });
    engine.restore(restoreInstances(kept, [h.sim.url]));
    // A virtual clock months after the demo's activity: every project is quiet.
    const session = new InstanceSession(h.client, () => MEMBERSHIP_WATCH, {
      rules: { rateLimitPerMinute: 10, detailRereadPolls: 1_000 },
      now: () => Date.parse('2026-09-01T00:00:00Z'),
    });
    engine.resume();
    await engine.setSessions([session]);
    return engine;
  }

  it('keeps a project’s stored rows until that project is read again', async () => {
    const engine = await restarted();
    try {
      const instance = engine.snapshot().instances[0];
      assert.equal(instance.restoredFrom, undefined, 'the first load succeeded');
      assert.ok((instance.coverage?.notYetRead ?? 0) > 0, 'the first load left projects for later polls');
      assert.equal(allDeployments(engine.snapshot()).length, liveRows, 'no row went without its project being read');
      for (let poll = 0; poll < 10 && (engine.snapshot().instances[0].coverage?.notYetRead ?? 0) > 0; poll++)
        await engine.refresh('poll');
      assert.equal(engine.snapshot().instances[0].coverage?.notYetRead, 0);
      assert.equal(allDeployments(engine.snapshot()).length, liveRows);
    } finally {
      engine.dispose();
    }
  });

  it('a stored row goes once its project is read and GitLab no longer lists it', async () => {
    const gone = allDeployments(h.engine.snapshot()).at(-1)!;
    h.sim.state.setJobStatus(h.sim.state.jobOf(h.sim.state.deployments.get(gone.deployment.id)!)!, 'success');
    const engine = await restarted();
    try {
      for (let poll = 0; poll < 10 && (engine.snapshot().instances[0].coverage?.notYetRead ?? 0) > 0; poll++)
        await engine.refresh('poll');
      const ids = allDeployments(engine.snapshot()).map((d) => d.deployment.id);
      assert.ok(!ids.includes(gone.deployment.id), 'read, and no longer listed: gone');
      assert.equal(ids.length, liveRows - 1);
    } finally {
      engine.dispose();
    }
  });

  it('after an action on a stored row of a project not read yet, that project is read and the row follows GitLab', async () => {
    const seq = lastSeq(h);
    const engine = await restarted();
    try {
      const read = new Set(
        h.sim.requestLog
          .since(seq)
          .filter((e) => e.route === 'deployments.list')
          .map((e) => Number(/\/projects\/(\d+)\//.exec(e.path)?.[1])),
      );
      const row = allDeployments(engine.snapshot()).find(
        (d) => d.state === 'waiting-for-approval' && !read.has(d.projectId),
      );
      assert.ok(row, 'a waiting stored row of a project not read yet');
      const before = row.progress!.totalApproved;
      const approver = ['alice', 'bob', 'carol', 'dave', 'root'].find(
        (as) => h.sim.approve({ deployment: row.deployment.id, as }).ok,
      );
      assert.ok(approver, 'someone could approve it in GitLab');
      await engine.refreshDeployment(row);
      const after = allDeployments(engine.snapshot()).find((d) => d.deployment.id === row.deployment.id);
      assert.notEqual(after?.progress?.totalApproved ?? -1, before, 'the row shows what GitLab says now');
    } finally {
      engine.dispose();
    }
  });

  it('a stored project that is no longer watched loses its rows at the first load', async () => {
    const row = allDeployments(h.engine.snapshot())[0];
    h.sim.state.removeProject(h.sim.state.projects.get(row.projectId)!);
    const engine = await restarted();
    try {
      const ids = allDeployments(engine.snapshot()).map((d) => d.projectId);
      assert.ok(!ids.includes(row.projectId), 'not in the project list: its rows go');
    } finally {
      engine.dispose();
    }
  });
});

describe('last known state keeps every stored row (counts move only on evidence)', () => {
  it('keeps and restores every blocked deployment of an account with more than a thousand of them', async function () {
    this.timeout(60_000);
    // 520 projects with two blocked deployments each: more rows than the kept state once held (1,000).
    const h = await startEngine({
      sim: { scenario: { projects: 520, environmentsPerProject: 2, blockedPerProject: 2 } },
    });
    try {
      await coldLoad(h);
      const live = allDeployments(h.engine.snapshot());
      assert.equal(live.length, 1_040);
      const kept = JSON.parse(
        JSON.stringify({ version: KEPT_STATE_VERSION, instances: [keepInstance(instanceView(h), Date.now())] }),
      );
      const restored = allDeployments({ instances: restoreInstances(kept, [h.sim.url]), refreshing: false });
      assert.equal(restored.length, live.length, 'every stored row is shown at activation');
      assert.equal(
        restored.filter((d) => d.awaitingMe).length,
        live.filter((d) => d.awaitingMe).length,
        'the stored count is the count last known',
      );
    } finally {
      await h.close();
    }
  });
});
