// POST …/deployments/:id/approval: every rule and exact text (docs/gitlab-behaviour.md#approving-and-rejecting), GitLab's
// check order, upsert, rejection, play.
import assert from 'node:assert/strict';
import { canPlayJob } from '../../simulator/policy';
import { api, DEMO, useFreshSimulator } from './helpers';
import type { Deployment, Simulator } from '../../simulator';

// The texts are spelled out here (from GitLab's approval service), not imported, so a change to the simulator's texts fails these tests.
const TEXTS = {
  notProtected: 'This environment is not protected.',
  selfApproval:
    'You cannot approve your own deployment. This configuration can be adjusted in the protected environment settings.',
  notConfigured: 'Deployment approvals is not configured for this environment.',
  notWaiting: 'This deployment is not waiting for approvals.',
  noPermission: "You don't have permission to approve this deployment. Contact the project or group owner for help.",
  noRuleForRepresentedAs:
    'There are no approval rules for the given `represent_as` parameter. Use a valid User/Group/Role name instead.',
  commentTooLong: 'Comment is too long (maximum is 255 characters)',
};

const approve = (json: Record<string, unknown>) => ({ method: 'POST', json });

/** The environment's newer deployment, its job marked succeeded: `older` is then older than what is live. */
function newerDeploymentSucceeded(sim: Simulator, older: Deployment): Deployment {
  const newer = [...sim.state.deployments.values()].find(
    (d) => d.environmentId === older.environmentId && d.id > older.id,
  )!;
  sim.state.setJobStatus(sim.state.jobs.get(newer.jobId!)!, 'success');
  return newer;
}

describe('simulator: deployment approval', () => {
  const h = useFreshSimulator();

  it('validates status with Grape texts, after authentication', async () => {
    const { sim } = h;
    assert.deepEqual(
      (await api(sim, `/projects/1/deployments/${DEMO.waitingRole}/approval`, approve({ status: 'maybe' }))).body,
      { error: 'status does not have a valid value' },
    );
    assert.deepEqual((await api(sim, `/projects/1/deployments/${DEMO.waitingRole}/approval`, approve({}))).body, {
      error: 'status is missing',
    });
    const anonymous = await api(sim, `/projects/1/deployments/${DEMO.waitingRole}/approval`, {
      ...approve({ status: 'maybe' }),
      token: null,
    });
    assert.equal(anonymous.status, 401);
    assert.deepEqual(anonymous.body, { message: '401 Unauthorized' });
  });

  it('answers 404 Project Not Found, 403 Forbidden and 404 Not found in that order', async () => {
    const { sim } = h;
    const invisible = await api(sim, `/projects/1/deployments/${DEMO.waitingRole}/approval`, {
      ...approve({ status: 'approved' }),
      token: sim.tokenFor('dave'),
    });
    assert.deepEqual([invisible.status, invisible.body], [404, { message: '404 Project Not Found' }]);
    const guest = await api(sim, `/projects/4/deployments/${DEMO.severalRules}/approval`, {
      ...approve({ status: 'approved' }),
      token: sim.tokenFor('gina'),
    });
    assert.deepEqual([guest.status, guest.body], [403, { message: '403 Forbidden' }]);
    const otherProject = await api(
      sim,
      `/projects/1/deployments/${DEMO.partlyApproved}/approval`,
      approve({ status: 'approved' }),
    );
    assert.deepEqual([otherProject.status, otherProject.body], [404, { message: '404 Not found' }]);
    const missing = await api(sim, '/projects/1/deployments/9999/approval', approve({ status: 'approved' }));
    assert.deepEqual([missing.status, missing.body], [404, { message: '404 Not found' }]);
  });

  const text400 = async (path: string, body: Record<string, unknown>, username?: string) => {
    const reply = await api(h.sim, path, { ...approve(body), token: username ? h.sim.tokenFor(username) : undefined });
    assert.equal(reply.status, 400, reply.text);
    return reply.body.message;
  };

  it('"not protected" for an unprotected environment, checked before self-approval', async () => {
    assert.equal(
      await text400(`/projects/4/deployments/${DEMO.plainManual}/approval`, { status: 'approved' }),
      TEXTS.notProtected,
    );
    assert.equal(
      await text400(`/projects/7/deployments/${DEMO.plainManualSelf}/approval`, { status: 'approved' }),
      TEXTS.notProtected,
    );
  });

  it('self-approval is refused unless the project allows it; rejecting one’s own deployment is allowed', async () => {
    const { sim } = h;
    assert.equal(
      await text400(`/projects/5/deployments/${DEMO.selfTriggeredForbidden}/approval`, { status: 'approved' }),
      TEXTS.selfApproval,
    );
    const allowed = await api(
      sim,
      `/projects/6/deployments/${DEMO.selfTriggeredAllowed}/approval`,
      approve({ status: 'approved' }),
    );
    assert.equal(allowed.status, 201);
    const rejected = await api(
      sim,
      `/projects/5/deployments/${DEMO.selfTriggeredForbidden}/approval`,
      approve({ status: 'rejected' }),
    );
    assert.equal(rejected.status, 201);
  });

  it('self-approval is checked before "not waiting"', async () => {
    const { sim } = h;
    const { deployment } = sim.createBlockedDeployment({ project: 1, environment: 'staging', triggeredBy: 'demo' });
    assert.equal(sim.approve({ deployment, as: 'bob' }).ok, true);
    assert.equal(
      await text400(`/projects/1/deployments/${deployment.id}/approval`, { status: 'approved' }),
      TEXTS.selfApproval,
    );
    assert.equal(
      await text400(`/projects/1/deployments/${deployment.id}/approval`, { status: 'approved' }, 'alice'),
      TEXTS.notWaiting,
    );
  });

  it('"not configured" when the environment is protected without approval rules', async () => {
    const { sim } = h;
    sim.state.protectEnvironment({ project: sim.state.findProject(4)!, name: 'staging' });
    assert.equal(
      await text400(`/projects/4/deployments/${DEMO.plainManual}/approval`, { status: 'approved' }),
      TEXTS.notConfigured,
    );
  });

  it('"not waiting" once every rule is satisfied', async () => {
    assert.equal(
      await text400(`/projects/3/deployments/${DEMO.approvedNotRun}/approval`, { status: 'approved' }),
      TEXTS.notWaiting,
    );
  });

  it('"no permission" when no rule matches the user; an admin matches every rule', async () => {
    const { sim } = h;
    assert.equal(
      await text400(`/projects/7/deployments/${DEMO.userRuleAlice}/approval`, { status: 'approved' }),
      TEXTS.noPermission,
    );
    assert.equal(
      await text400(`/projects/4/deployments/${DEMO.severalRules}/approval`, { status: 'approved' }, 'erin'),
      TEXTS.noPermission,
    );
    const admin = await api(sim, `/projects/7/deployments/${DEMO.userRuleAlice}/approval`, {
      ...approve({ status: 'approved' }),
      token: sim.tokenFor('root'),
    });
    assert.equal(admin.status, 201);
  });

  it('represented_as: a case-sensitive substring of the rule name; no match → the `represent_as` text', async () => {
    const { sim } = h;
    assert.equal(
      await text400(`/projects/4/deployments/${DEMO.severalRules}/approval`, {
        status: 'approved',
        represented_as: 'QA',
      }),
      TEXTS.noRuleForRepresentedAs,
    );
    assert.equal(
      await text400(`/projects/4/deployments/${DEMO.severalRules}/approval`, {
        status: 'approved',
        represented_as: 'security',
      }),
      TEXTS.noRuleForRepresentedAs,
    );
    const ok = await api(
      sim,
      `/projects/4/deployments/${DEMO.severalRules}/approval`,
      approve({ status: 'approved', represented_as: 'Secur' }),
    );
    assert.equal(ok.status, 201);
  });

  it('represented_as with a Reporter role rule crashes like GitLab (500)', async () => {
    const reply = await api(
      h.sim,
      `/projects/4/deployments/${DEMO.reporterRule}/approval`,
      approve({ status: 'approved', represented_as: 'Reporters' }),
    );
    assert.deepEqual([reply.status, reply.body], [500, { message: '500 Internal Server Error' }]);
  });

  it('a user approves several rules through distinct represented_as; approval never starts the job', async () => {
    const { sim } = h;
    const path = `/projects/1/deployments/${DEMO.waitingSeveralPes}`;
    assert.equal((await api(sim, path)).body.pending_approval_count, 2);
    assert.equal(
      (await api(sim, `${path}/approval`, approve({ status: 'approved', represented_as: 'Security' }))).status,
      201,
    );
    assert.equal((await api(sim, path)).body.pending_approval_count, 1);
    assert.equal(
      (await api(sim, `${path}/approval`, approve({ status: 'approved', represented_as: 'Maintainers' }))).status,
      201,
    );
    const after = (await api(sim, path)).body;
    assert.equal(after.pending_approval_count, 0);
    assert.equal(after.approvals.length, 2);
    assert.equal(after.status, 'blocked');
    assert.equal(after.deployable.status, 'manual');
  });

  it('upsert by (user, rule): the same status returns the approval unchanged; a new status updates status and comment', async () => {
    const { sim } = h;
    // Billing production needs 3 approvals (group-level Maintainers ×1 + project Maintainers ×2), so it keeps waiting.
    const { deployment } = sim.createBlockedDeployment({ project: 2, environment: 'production', triggeredBy: 'bob' });
    const path = `/projects/2/deployments/${deployment.id}`;
    const first = await api(sim, `${path}/approval`, approve({ status: 'approved', comment: 'first' }));
    assert.equal(first.status, 201);
    const again = await api(sim, `${path}/approval`, approve({ status: 'approved', comment: 'second' }));
    assert.equal(again.status, 201);
    assert.deepEqual(again.body, first.body, 'unchanged, the new comment is ignored');
    const changed = await api(sim, `${path}/approval`, approve({ status: 'rejected', comment: 'wrong version' }));
    assert.equal(changed.status, 201);
    assert.deepEqual([changed.body.status, changed.body.comment], ['rejected', 'wrong version']);
    const after = (await api(sim, path)).body;
    assert.equal(after.approvals.length, 1, 'the existing approval was updated, not duplicated');
    assert.equal(after.status, 'failed');
    assert.deepEqual([after.deployable.status, after.deployable.failure_reason], ['failed', 'deployment_rejected']);
    const play = await api(sim, `/projects/2/jobs/${after.deployable.id}/play`, { method: 'POST' });
    assert.deepEqual([play.status, play.body], [400, { message: '400 Bad request - Unplayable Job' }]);
    const blocked = await api(sim, '/projects/2/deployments?status=blocked');
    assert.ok(!blocked.body.some((d: { id: number }) => d.id === deployment.id));
  });

  it('once fully approved, a further decision is refused as "not waiting" (the check precedes the upsert)', async () => {
    const path = `/projects/1/deployments/${DEMO.waitingRole}`;
    assert.equal((await api(h.sim, `${path}/approval`, approve({ status: 'approved' }))).status, 201);
    assert.equal(
      await text400(`${path}/approval`, { status: 'rejected', comment: 'changed my mind' }),
      TEXTS.notWaiting,
    );
  });

  it('a user matching two rules gets a second approval on the next rule (one per user and rule since 17.0)', async () => {
    const { sim } = h;
    const path = `/projects/2/deployments/${DEMO.partlyApproved}`;
    const alice = await api(sim, `${path}/approval`, {
      ...approve({ status: 'approved' }),
      token: sim.tokenFor('alice'),
    });
    assert.equal(alice.status, 201);
    const after = (await api(sim, path)).body;
    assert.equal(after.approvals.length, 2);
    assert.equal(after.pending_approval_count, 1);
  });

  it('a comment over 255 characters is a 400 with an array message', async () => {
    const reply = await api(
      h.sim,
      `/projects/1/deployments/${DEMO.waitingRole}/approval`,
      approve({ status: 'approved', comment: 'x'.repeat(256) }),
    );
    assert.deepEqual([reply.status, reply.body], [400, { message: [TEXTS.commentTooLong] }]);
  });

  it('255 emoji are 255 characters to Rails, so the comment is accepted', async () => {
    const comment = '🚀'.repeat(255);
    const reply = await api(
      h.sim,
      `/projects/1/deployments/${DEMO.waitingRole}/approval`,
      approve({ status: 'approved', comment }),
    );
    assert.equal(reply.status, 201);
    assert.equal(reply.body.comment, comment);
  });

  it('group rules: inheritance type 1 lets members of the parent group approve; type 0 only direct members', async () => {
    const { sim } = h;
    const { deployment } = sim.createBlockedDeployment({ project: 3, environment: 'production', triggeredBy: 'bob' });
    const carol = await api(sim, `/projects/3/deployments/${deployment.id}/approval`, {
      ...approve({ status: 'approved', represented_as: 'AppSec' }),
      token: sim.tokenFor('carol'),
    });
    assert.equal(carol.status, 201, 'carol is in Security, the parent of AppSec (inherited)');
    const { deployment: shop } = sim.createBlockedDeployment({
      project: 4,
      environment: 'production',
      triggeredBy: 'bob',
    });
    const dave = await api(sim, `/projects/4/deployments/${shop.id}/approval`, {
      ...approve({ status: 'approved', represented_as: 'Security' }),
      token: sim.tokenFor('dave'),
    });
    assert.equal(dave.status, 400, 'dave is in AppSec, a subgroup: not a direct member of Security');
  });

  it('play: 400 Unplayable Job while approvals are pending, then plays once approved (the deployment stays blocked)', async () => {
    const { sim } = h;
    const path = `/projects/1/deployments/${DEMO.waitingRole}`;
    const jobId = (await api(sim, path)).body.deployable.id;
    const early = await api(sim, `/projects/1/jobs/${jobId}/play`, { method: 'POST' });
    assert.deepEqual([early.status, early.body], [400, { message: '400 Bad request - Unplayable Job' }]);
    assert.equal(sim.approve({ deployment: DEMO.waitingRole, as: 'demo' }).ok, true);
    const played = await api(sim, `/projects/1/jobs/${jobId}/play`, { method: 'POST' });
    assert.equal(played.status, 200);
    assert.equal(played.body.status, 'pending');
    assert.equal((await api(sim, path)).body.status, 'blocked', 'job pending is no deployment status');
  });

  it('play: 403 for a Developer who is not a deployer, checked before Unplayable Job (lib/api/ci/jobs.rb, deployable_policy)', async () => {
    const { sim } = h;
    const jobId = sim.state.deployments.get(DEMO.approvedNotRun)!.jobId!;
    const dave = await api(sim, `/projects/3/jobs/${jobId}/play`, { method: 'POST', token: sim.tokenFor('dave') });
    assert.deepEqual([dave.status, dave.body], [403, { message: '403 Forbidden' }], 'a Developer via AppSec');
    assert.equal(sim.state.jobs.get(jobId)!.status, 'manual', 'nothing changed');
    const erin = await api(sim, `/projects/4/jobs/${sim.state.deployments.get(DEMO.plainManual)!.jobId}/play`, {
      method: 'POST',
      token: sim.tokenFor('erin'),
    });
    assert.deepEqual([erin.status, erin.body], [403, { message: '403 Forbidden' }], 'a Reporter, not a deployer');
  });

  it('play: a Reporter who is a deployer may play (deployment-only access, ee deployable_policy)', async () => {
    const { sim } = h;
    const storefront = sim.state.findProject('acme/web/storefront')!;
    sim.state.protectEnvironment({
      project: storefront,
      name: 'staging',
      deployAccessLevels: [{ user: sim.state.user('erin') }],
    });
    const jobId = sim.state.deployments.get(DEMO.plainManual)!.jobId!;
    const erin = await api(sim, `/projects/4/jobs/${jobId}/play`, { method: 'POST', token: sim.tokenFor('erin') });
    assert.deepEqual([erin.status, erin.body.status], [200, 'pending']);
  });

  it('play: 403 for a deployment older than the environment’s last successful one (forward-deployment protection)', async () => {
    const { sim } = h;
    const staging = sim.state.deployments.get(DEMO.waitingRole)!;
    assert.equal(sim.approve({ deployment: DEMO.waitingRole, as: 'demo' }).ok, true);
    newerDeploymentSucceeded(sim, staging);
    const played = await api(sim, `/projects/1/jobs/${staging.jobId}/play`, { method: 'POST' });
    assert.deepEqual([played.status, played.body], [403, { message: '403 Forbidden' }]);
  });

  it('play: forward-deployment protection off (ci_forward_deployment_enabled false) lets the older job play', async () => {
    const { sim } = h;
    const staging = sim.state.deployments.get(DEMO.waitingRole)!;
    assert.equal(sim.approve({ deployment: DEMO.waitingRole, as: 'demo' }).ok, true);
    newerDeploymentSucceeded(sim, staging);
    const off = await api(sim, '/projects/1', { method: 'PUT', json: { ci_forward_deployment_enabled: false } });
    assert.equal(off.body.ci_forward_deployment_enabled, false);
    const played = await api(sim, `/projects/1/jobs/${staging.jobId}/play`, { method: 'POST' });
    assert.deepEqual([played.status, played.body.status], [200, 'pending']);
  });

  it('GET /projects/:id shows the forward-deployment settings to Maintainers only (admin_project, lib/api/entities/project.rb)', async () => {
    const { sim } = h;
    const maintainer = (await api(sim, '/projects/1')).body;
    assert.equal(maintainer.ci_forward_deployment_enabled, true, 'on by default (project_ci_cd_setting.rb)');
    assert.equal(maintainer.ci_forward_deployment_rollback_allowed, true);
    const developer = (await api(sim, '/projects/4')).body;
    assert.equal('ci_forward_deployment_enabled' in developer, false, 'demo is a Developer in Storefront');
    assert.equal('ci_forward_deployment_rollback_allowed' in developer, false);
  });

  it('an environment’s last_deployment is the last successful one to finish, not the highest id (environment.rb)', async () => {
    const { sim } = h;
    const staging = sim.state.deployments.get(DEMO.waitingRole)!;
    const newer = newerDeploymentSucceeded(sim, staging);
    assert.equal(sim.approve({ deployment: DEMO.waitingRole, as: 'demo' }).ok, true);
    sim.state.setJobStatus(sim.state.jobs.get(staging.jobId!)!, 'success');
    // The runner finished the older one a minute after the newer one.
    staging.finishedAt = new Date(Date.parse(newer.finishedAt!) + 60_000).toISOString();
    const environment = await api(sim, `/projects/1/environments/${staging.environmentId}`);
    assert.equal(environment.body.last_deployment.id, staging.id, 'the older deployment finished last');
  });

  it('play: a rollback (retrying a finished older job) passes when ci_forward_deployment_rollback_allowed; a job waiting to be played does not (deployable.rb)', async () => {
    const { sim } = h;
    const staging = sim.state.deployments.get(DEMO.waitingRole)!;
    assert.equal(sim.approve({ deployment: DEMO.waitingRole, as: 'demo' }).ok, true);
    newerDeploymentSucceeded(sim, staging);
    const waiting = await api(sim, `/projects/1/jobs/${staging.jobId}/play`, { method: 'POST' });
    assert.equal(waiting.status, 403, 'manual is incomplete: the rollback allowance does not apply');
    const job = sim.state.jobs.get(staging.jobId!)!;
    job.status = 'success';
    const ctx = sim.context;
    assert.equal(canPlayJob(ctx, sim.state.user('demo'), job), true, 'a finished older job may be retried (rollback)');
    sim.state.projects.get(1)!.ciForwardDeploymentRollbackAllowed = false;
    assert.equal(canPlayJob(ctx, sim.state.user('demo'), job), false);
  });
});
