// What a user is offered where GitLab's real behaviour differs from a naive reading (see
// docs/gitlab-behaviour.md): access through a shared group, a played job, group-level role rules and requirements, and
// pre-16.3 instances where approved deployments wait as `created`.
import assert from 'node:assert/strict';
import { availableDeploymentActions } from '../../../src/core/actions/availableActions';
import { runDeploymentJob, decide } from '../../../src/core/actions/deploymentActions';
import { awaitsSomeone } from '../../../src/core/approvals/classify';
import { environmentRequirement } from '../../../src/core/approvals/environmentRequirement';
import { RejectedByGitLabError } from '../../../src/core/errors';
import type { DeploymentView } from '../../../src/core/refresh/snapshot';
import { addSharedGroupProject, type SharedGroupProject } from '../../simulator';
import { DEMO } from '../simulator/helpers';
import {
  coldLoad,
  deploymentsOf,
  type EngineHarness,
  instanceView,
  loadedEngine,
  startEngine,
  viewOf,
} from './helpers';

const actions = (h: EngineHarness, view: DeploymentView) => {
  const project = instanceView(h).projects.find((p) => p.project.id === view.projectId)!;
  return availableDeploymentActions(view, project.accessLevel);
};

const byId = (h: EngineHarness, id: number) => deploymentsOf(h).find((d) => d.deployment.id === id);

describe('real GitLab: access through a shared group (item 1)', () => {
  let h: EngineHarness;
  let ids: SharedGroupProject;
  beforeEach(async () => {
    h = await startEngine();
    ids = addSharedGroupProject(h.sim.state);
    h.token.value = h.sim.tokenFor('carol');
    await coldLoad(h);
  });
  afterEach(() => h.close());

  it('a Developer only through a share is offered Approve on a role rule and Run on a manual job, as GitLab allows', async () => {
    const project = instanceView(h).projects.find((p) => p.project.id === ids.project.id)!;
    assert.equal(project.accessLevel, 30, 'from members/all, not from permissions (which say nothing)');
    const waiting = byId(h, ids.waitingId)!;
    assert.equal(waiting.awaitingMe, true);
    assert.deepEqual(actions(h, waiting), ['approve', 'approveAndRun', 'reject']);
    assert.deepEqual(actions(h, byId(h, ids.manualId)!), ['run']);
    const approval = await decide(h.client, { projectId: ids.project.id, deploymentId: ids.waitingId }, 'approved', {});
    assert.equal(approval.status, 'approved', 'GitLab accepts it');
  });

  it('reads the effective role once per project and full refresh, not on every poll', async () => {
    const reads = () => h.sim.requestLog.all().filter((e) => e.route === 'projects.members.all.show').length;
    const afterLoad = reads();
    assert.ok(afterLoad >= 1);
    await h.engine.refresh('poll');
    await h.engine.refresh('poll');
    assert.equal(reads(), afterLoad);
  });
});

describe('real GitLab: role rules that may come from a group-level protected environment (item 3)', () => {
  let h: EngineHarness | undefined;
  afterEach(() => h?.close());

  it('says “may” where GitLab accepts: a shared-group Developer on a group project’s role rule', async () => {
    h = await startEngine();
    h.token.value = h.sim.tokenFor('carol');
    await coldLoad(h);
    const view = viewOf(h, 'acme/platform/api-gateway', 'staging');
    assert.equal(view.eligibility?.reason, 'may-match-group-rule');
    assert.deepEqual([view.awaitingMe, view.mayAwaitMe], [false, true], 'counted apart');
    assert.ok(actions(h, view).includes('approve'), 'never hide an approval GitLab may accept (issue 18)');
    const accepted = h.sim.approve({ deployment: view.deployment.id, as: 'carol' });
    assert.equal(accepted.ok, true, 'the rule is project-level here, so GitLab accepts');
  });

  it('says “may” where GitLab refuses: a project Maintainer who is only a Developer of the group holding the rule', async () => {
    h = await startEngine();
    const pat = h.sim.state.addUser({ username: 'pat', name: 'Pat Park' });
    h.sim.state.addMember(h.sim.state.findGroupByPath('acme/platform')!, pat, 30);
    h.sim.state.addMember(h.sim.state.projects.get(1)!, pat, 40);
    h.token.value = h.sim.tokenFor('pat');
    await coldLoad(h);
    const view = viewOf(h, 'acme/platform/api-gateway', 'production');
    assert.deepEqual(
      view.eligibility?.possibleRules.map((r) => r.access_level_description),
      ['Maintainers'],
      'outside the project’s own protection, which pat can read',
    );
    assert.equal(view.eligibility?.reason, 'may-match-group-rule');
    assert.ok(actions(h, view).includes('approve'), 'offered: only GitLab can tell (issue 18)');
    const refused = h.sim.approve({ deployment: view.deployment.id, as: 'pat' });
    assert.equal(refused.ok, false, 'GitLab compares pat’s role in acme/platform (Developer)');
    h.engine.rememberApprovalRefusal(view, [view.eligibility!.possibleRules[0].id], 'refused');
    assert.ok(!actions(h, viewOf(h, 'acme/platform/api-gateway', 'production')).includes('approve'), 'remembered');
  });
});

describe('real GitLab: after Run the deployment stays blocked until the job runs (item 2)', () => {
  const h = loadedEngine();

  it('shows a played deployment as queued with its job status: no Run, awaiting nobody, not counted', async () => {
    const before = viewOf(h, 'acme/platform/auth-service', 'production');
    assert.deepEqual(actions(h, before), ['run']);
    const job = await runDeploymentJob(h.client, {
      projectId: before.projectId,
      jobId: before.deployment.deployable!.id,
    });
    assert.equal(job.status, 'pending');
    await h.engine.refresh('poll');
    const after = viewOf(h, 'acme/platform/auth-service', 'production');
    assert.equal(after.deployment.status, 'blocked', 'GitLab still lists it as blocked');
    assert.deepEqual([after.state, after.deployment.deployable?.status], ['queued', 'pending']);
    assert.deepEqual(actions(h, after), []);
    assert.equal(after.awaitingMe, false);
    assert.equal(awaitsSomeone(after), false);
    await assert.rejects(
      runDeploymentJob(h.client, { projectId: after.projectId, jobId: after.deployment.deployable!.id }),
      (e: unknown) => e instanceof RejectedByGitLabError && /Unplayable Job/.test(e.userMessage),
    );
    h.sim.state.setJobStatus(h.sim.state.jobs.get(after.deployment.deployable!.id)!, 'running');
    await h.engine.refresh('poll');
    assert.throws(() => viewOf(h, 'acme/platform/auth-service', 'production'), 'running: no longer blocked');
  });
});

describe('real GitLab: an environment’s required count with group-level rules (item 4)', () => {
  const h = loadedEngine();

  it('is exact while a blocked deployment’s summary lists every rule, and “at least” once only the project’s rules are seen', async () => {
    const find = () => {
      const project = instanceView(h).projects.find(
        (p) => p.project.path_with_namespace === 'acme/platform/billing-service',
      )!;
      return { project, environment: project.environments.find((e) => e.name === 'production')! };
    };
    let { project, environment } = find();
    assert.deepEqual(environmentRequirement(environment, project.project), { count: 3, atLeast: false });
    // Protections are read on demand (as Set Required Approvals does); without a deployment's summary, only the
    // project's own rules are seen.
    await h.engine.loadProtections(h.sim.url, project.project.id);
    ({ project, environment } = find());
    assert.ok(environment.protection);
    // The project's own rule asks for 2; the group-level Maintainers rule of acme/platform adds 1 the client cannot read.
    assert.deepEqual(environmentRequirement({ ...environment, deployments: [] }, project.project), {
      count: 2,
      atLeast: true,
    });
  });
});

describe('real GitLab before 16.3: approved deployments wait as created (item 5)', () => {
  const h = loadedEngine({ sim: { profile: '16.1' } });

  it('still shows a fully approved deployment as approved and runnable, and runs it', async () => {
    const approved = h.sim.approve({ deployment: DEMO.selfTriggeredForbidden, as: 'carol' });
    assert.equal(approved.ok, true);
    assert.equal(h.sim.state.deployments.get(DEMO.selfTriggeredForbidden)!.unblocked, true);
    await h.engine.refresh('full');
    const view = byId(h, DEMO.selfTriggeredForbidden);
    assert.ok(view, 'listed although GitLab moved it to created');
    assert.deepEqual([view.deployment.status, view.state], ['created', 'approved-not-run']);
    assert.deepEqual(actions(h, view), ['run']);
    h.token.value = h.sim.tokenFor('bob'); // one of the environment's deployers (Maintainers)
    const job = await runDeploymentJob(h.client, { projectId: view.projectId, jobId: view.deployment.deployable!.id });
    assert.equal(job.status, 'pending');
  });
});
