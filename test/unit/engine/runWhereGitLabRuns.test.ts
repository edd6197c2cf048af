// Run is offered only where GitLab would run the job (issue "Every approval lands where the approver means it", item
// 4): not on a deployment older than the live one while forward-deployment protection is on, offered to a Reporter who
// may be a deployer, and the "to run" count follows the same rule (docs/gitlab-behaviour.md#jobs-of-blocked-deployments).
import * as assert from 'node:assert/strict';
import { availableDeploymentActions, neededFromMe } from '../../../src/core/actions/availableActions';
import { actOnDeployment } from '../../../src/core/actions/runner';
import { isGitLabError } from '../../../src/core/errors';
import { runNote } from '../../../src/core/presentation';
import { InstanceSession } from '../../../src/core/refresh/instanceSession';
import { allDeployments, deploymentKey, findDeployment } from '../../../src/core/refresh/snapshot';
import { hostOf } from '../actions/helpers';
import { DEMO } from '../simulator/helpers';
import { coldLoad, deploymentsOf, startEngine, type EngineHarness } from './helpers';

const GATEWAY = 1;
const STOREFRONT = 4;

function view(h: EngineHarness, deploymentId: number) {
  const found = deploymentsOf(h).find((d) => d.deployment.id === deploymentId);
  if (!found) throw new Error(`deployment ${deploymentId} is not shown`);
  return found;
}

function actions(h: EngineHarness, deploymentId: number) {
  const shown = view(h, deploymentId);
  const project = h.engine.snapshot().instances[0].projects.find((p) => p.project.id === shown.projectId)!;
  return availableDeploymentActions(shown, project.accessLevel);
}

/** How many deployments the status bar counts "to run" (what it counts: `neededFromMe`). */
function toRun(h: EngineHarness): number {
  return h.engine
    .snapshot()
    .instances.flatMap((i) =>
      i.projects.flatMap((p) => p.environments.flatMap((e) => e.deployments.map((d) => ({ d, p })))),
    )
    .filter(({ d, p }) => neededFromMe(d, p.accessLevel) === 'run').length;
}

/** A newer deployment of the same environment succeeds, with another commit: it is now live. */
function newerGoesLive(h: EngineHarness, deploymentId: number) {
  const older = h.sim.state.deployments.get(deploymentId)!;
  const project = h.sim.state.projects.get(older.projectId)!;
  const environment = h.sim.state.environments.get(older.environmentId)!;
  const { deployment } = h.sim.state.addDeployment({
    project,
    environment,
    triggeredBy: h.sim.state.user('alice'),
    jobStatus: 'success',
  });
  return deployment;
}

/** Storefront's plain manual job as erin, a Reporter there, who watches Storefront by naming it in the settings. */
async function plainManualAsErin(h: EngineHarness) {
  h.token.value = h.sim.tokenFor('erin');
  const watch = { explicit: [STOREFRONT], membership: false, remotePaths: [] };
  const session = new InstanceSession(h.client, () => watch, {
    rules: { detailRereadPolls: 1_000, rateLimitPerMinute: Number.MAX_SAFE_INTEGER },
  });
  h.engine.resume();
  await h.engine.setSessions([session]);
  return allDeployments(h.engine.snapshot()).find((d) => d.deployment.id === DEMO.plainManual)!;
}

describe('Run only where GitLab will run it', () => {
  let h: EngineHarness;
  afterEach(() => h.close());

  it('(a) offers no Run on an approved deployment older than the live one, and knows the setting for a Maintainer', async () => {
    h = await startEngine();
    assert.equal(h.sim.approve({ deployment: DEMO.waitingRole, as: 'demo' }).ok, true);
    await coldLoad(h);
    assert.deepEqual(actions(h, DEMO.waitingRole), ['run'], 'nothing newer is live yet');
    const runBefore = toRun(h);
    const live = newerGoesLive(h, DEMO.waitingRole);
    await h.engine.refresh('full');
    assert.deepEqual(actions(h, DEMO.waitingRole), [], 'GitLab answers 403: forward-deployment protection');
    assert.deepEqual(view(h, DEMO.waitingRole).outdated, {
      live: { id: live.id, iid: live.iid },
      protection: 'on',
    });
    assert.equal(toRun(h), runBefore - 1, 'the status bar no longer counts it "to run"');
    assert.equal(
      runNote(view(h, DEMO.waitingRole), 40),
      `Older than the live deployment (#${live.iid}); GitLab's forward-deployment protection refuses to run it.`,
    );
    const job = h.sim.state.deployments.get(DEMO.waitingRole)!.jobId!;
    const play = await h.client.playJob(GATEWAY, job).then(
      () => 'played',
      (error: { kind?: string }) => error.kind,
    );
    assert.equal(play, 'forbidden', 'GitLab refuses it indeed (403)');
  });

  it('(a) the demo shows one: approved, older than what is live on billing-service staging, no Run and why', async () => {
    h = await startEngine();
    await coldLoad(h);
    const shown = view(h, DEMO.olderThanLive);
    assert.equal(shown.state, 'approved-not-run');
    assert.deepEqual(actions(h, DEMO.olderThanLive), []);
    assert.equal(neededFromMe(shown, 40), undefined, 'not counted "to run"');
    assert.match(
      runNote(shown, 40) ?? '',
      /^Older than the live deployment \(#4\); GitLab's forward-deployment protection/,
    );
  });

  it('(a) claims nothing from a live deployment whose id cannot be compared: Run stays offered, GitLab decides', async () => {
    h = await startEngine();
    assert.equal(h.sim.approve({ deployment: DEMO.waitingRole, as: 'demo' }).ok, true);
    const live = newerGoesLive(h, DEMO.waitingRole);
    h.sim.faults.add({
      kind: 'rewrite',
      route: 'environments.get',
      find: `"last_deployment":{"id":${live.id},`,
      replace: `"last_deployment":{"id":"${live.id}",`,
    });
    await coldLoad(h);
    assert.equal(view(h, DEMO.waitingRole).outdated, undefined);
    assert.deepEqual(actions(h, DEMO.waitingRole), ['run']);
  });

  it('(a) offers Run again where the project turned forward-deployment protection off', async () => {
    h = await startEngine();
    assert.equal(h.sim.approve({ deployment: DEMO.waitingRole, as: 'demo' }).ok, true);
    newerGoesLive(h, DEMO.waitingRole);
    h.sim.state.projects.get(GATEWAY)!.ciForwardDeploymentEnabled = false;
    await coldLoad(h);
    assert.equal(view(h, DEMO.waitingRole).outdated, undefined);
    assert.deepEqual(actions(h, DEMO.waitingRole), ['run']);
  });

  it('(a) assumes protection on (GitLab’s default) where the user may not read the setting, and says so', async () => {
    h = await startEngine();
    const live = newerGoesLive(h, DEMO.plainManual);
    await coldLoad(h);
    assert.deepEqual(view(h, DEMO.plainManual).outdated, {
      live: { id: live.id, iid: live.iid },
      protection: 'assumed-on',
    });
    assert.deepEqual(actions(h, DEMO.plainManual), [], 'demo is a Developer in Storefront: the setting is not shown');
    assert.match(
      runNote(view(h, DEMO.plainManual), 30) ?? '',
      /shown to Maintainers only: assumed on, GitLab's default/,
    );
  });

  it('(a) reads what is live again on a poll once a newer deployment succeeded', async () => {
    h = await startEngine({ detailRefreshEveryPolls: 1 });
    assert.equal(h.sim.approve({ deployment: DEMO.waitingRole, as: 'demo' }).ok, true);
    await coldLoad(h);
    assert.deepEqual(actions(h, DEMO.waitingRole), ['run']);
    newerGoesLive(h, DEMO.waitingRole);
    await h.engine.refresh('poll');
    assert.deepEqual(actions(h, DEMO.waitingRole), []);
  });

  it('(b) a Developer who may not read the deployers is offered Run, GitLab deciding (unknown access)', async () => {
    h = await startEngine();
    await coldLoad(h);
    const shown = view(h, DEMO.plainManual);
    assert.equal(shown.deployAccess, 'unknown');
    assert.deepEqual(actions(h, DEMO.plainManual), ['run']);
    assert.equal(
      runNote(shown, 30),
      'Whether you may deploy to staging cannot be read here: GitLab decides when you run it.',
    );
  });

  it('(b) a Developer who is not a deployer: GitLab’s 403 to their Run is remembered, Run is no longer offered nor counted, and the row says why', async () => {
    h = await startEngine();
    h.token.value = h.sim.tokenFor('dave');
    await coldLoad(h);
    const before = view(h, DEMO.approvedNotRun);
    assert.equal(before.deployAccess, 'unknown', 'dave, a Developer through AppSec, cannot read the deployers');
    assert.deepEqual(actions(h, DEMO.approvedNotRun), ['run']);
    const located = findDeployment(h.engine.snapshot(), deploymentKey(before))!;
    const outcome = await actOnDeployment(hostOf(h), located, { kind: 'run' });
    assert.equal(outcome.kind === 'failed' && isGitLabError(outcome.error) && outcome.error.kind, 'forbidden');
    const after = view(h, DEMO.approvedNotRun);
    assert.deepEqual(actions(h, DEMO.approvedNotRun), []);
    assert.equal(neededFromMe(after, 30), undefined, 'not counted "to run"');
    assert.match(runNote(after, 30) ?? '', /^GitLab refused to run this job for you when you tried/);
    await h.engine.refresh('full');
    assert.deepEqual(actions(h, DEMO.approvedNotRun), [], 'remembered across refreshes');
  });

  it('(c) offers Run to a Reporter on a licensed project (they may be a deployer), and GitLab runs it for a deployer', async () => {
    h = await startEngine();
    const storefront = h.sim.state.projects.get(STOREFRONT)!;
    h.sim.state.protectEnvironment({
      project: storefront,
      name: 'staging',
      deployAccessLevels: [{ user: h.sim.state.user('erin') }],
    });
    const shown = await plainManualAsErin(h);
    const project = h.engine.snapshot().instances[0].projects[0];
    assert.equal(project.accessLevel, 20, 'erin is a Reporter in Web');
    assert.equal(shown.deployAccess, 'unknown', 'a Reporter cannot read the deployers');
    assert.deepEqual(availableDeploymentActions(shown, project.accessLevel), ['run']);
    const job = h.sim.state.deployments.get(DEMO.plainManual)!.jobId!;
    const played = await h.client.playJob(STOREFRONT, job);
    assert.equal(played.status, 'pending', 'GitLab runs it: erin is a deployer');
  });

  it('(c) offers no Run to a Reporter where GitLab surely refuses: an unlicensed project has no deployers', async () => {
    h = await startEngine({ sim: { profile: 'ee-unlicensed' } });
    const shown = await plainManualAsErin(h);
    assert.equal(shown.deployAccess, 'denied');
    assert.deepEqual(availableDeploymentActions(shown, 20), []);
  });
});
