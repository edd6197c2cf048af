// Behaviours found by reading GitLab 18.9 again (docs/gitlab-behaviour.md): played jobs, PUT defaults, check
// order of the protected-environments API, group-level names and roles, access through a shared group, and the pre-16.2
// `blocked → created` unblock.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../simulator';
import { api, DEMO, useFreshSimulator } from './helpers';

const DEPRECATED =
  "Parameter 'required_approval_count' is deprecated and shouldn't be used. See https://gitlab.com/groups/gitlab-org/-/epics/9662";
const NOT_A_TIER = 'Name must be one of environment tiers: production, staging, testing, development, other.';
const NO_PERMISSION =
  "You don't have permission to approve this deployment. Contact the project or group owner for help.";

describe('simulator: GitLab 18.9 fidelity', () => {
  const h = useFreshSimulator();

  it('a played job leaves its deployment blocked (job pending) until the job runs; playing again is Unplayable Job', async () => {
    const { sim } = h;
    const path = `/projects/3/deployments/${DEMO.approvedNotRun}`;
    const jobId = (await api(sim, path)).body.deployable.id;
    const played = await api(sim, `/projects/3/jobs/${jobId}/play`, { method: 'POST' });
    assert.deepEqual([played.status, played.body.status], [200, 'pending'], played.text);
    const after = (await api(sim, path)).body;
    assert.deepEqual([after.status, after.deployable.status], ['blocked', 'pending']);
    const listed = (await api(sim, '/projects/3/deployments?status=blocked')).body.map((d: { id: number }) => d.id);
    assert.ok(listed.includes(DEMO.approvedNotRun), 'still listed as blocked');
    const again = await api(sim, `/projects/3/jobs/${jobId}/play`, { method: 'POST' });
    assert.deepEqual([again.status, again.body], [400, { message: '400 Bad request - Unplayable Job' }]);
    sim.state.setJobStatus(sim.state.jobs.get(jobId)!, 'running');
    assert.equal((await api(sim, path)).body.status, 'running');
  });

  it('PUT approval_rules without required_approvals resets the rule to 1 (Grape default: 1)', async () => {
    const { sim } = h;
    const billing = (await api(sim, '/projects/2/protected_environments/production', { token: sim.tokenFor('demo') }))
      .body;
    const rule = billing.approval_rules[0];
    assert.equal(rule.required_approvals, 2);
    const put = await api(sim, '/projects/2/protected_environments/production', {
      method: 'PUT',
      json: { approval_rules: [{ id: rule.id, access_level: rule.access_level }] },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.approval_rules[0].required_approvals, 1);
  });

  it('POST on an already protected name with required_approval_count > 0 is the 422 deprecation, not the 409', async () => {
    const { sim } = h;
    const reply = await api(sim, '/projects/1/protected_environments', {
      method: 'POST',
      json: { name: 'production', deploy_access_levels: [{ access_level: 40 }], required_approval_count: 1 },
    });
    assert.deepEqual([reply.status, reply.body], [422, { message: DEPRECATED }]);
  });

  it('a group-level name that is not a tier is the model’s 422', async () => {
    const { sim } = h;
    const reply = await api(sim, '/groups/acme/protected_environments', {
      method: 'POST',
      token: sim.tokenFor('alice'),
      json: { name: 'prod', deploy_access_levels: [{ access_level: 40 }] },
    });
    assert.deepEqual([reply.status, reply.body], [422, { message: [NOT_A_TIER] }]);
  });

  it('authorization comes before parameter validation: a Developer with an invalid body gets 403, not 400', async () => {
    const { sim } = h;
    const carol = sim.tokenFor('carol'); // Developer in api-gateway through the Security share
    const invalid = { name: 'x', deploy_access_levels: 'not an array' };
    const project = await api(sim, '/projects/1/protected_environments', {
      method: 'POST',
      token: carol,
      json: invalid,
    });
    assert.deepEqual([project.status, project.body], [403, { message: '403 Forbidden' }]);
    const put = await api(sim, '/projects/1/protected_environments/production', {
      method: 'PUT',
      token: carol,
      json: { approval_rules: [{}] },
    });
    assert.equal(put.status, 403);
    const group = await api(sim, '/groups/acme%2Fplatform/protected_environments', {
      method: 'POST',
      json: { deploy_access_levels: [{}] }, // demo is a Maintainer of the group, not its Owner
    });
    assert.equal(group.status, 403);
    const maintainer = await api(sim, '/projects/1/protected_environments', { method: 'POST', json: invalid });
    assert.deepEqual([maintainer.status, maintainer.body], [400, { error: 'deploy_access_levels is invalid' }]);
  });

  it('PUT: an unknown name is 404 before the 422 deprecation', async () => {
    const { sim } = h;
    const reply = await api(sim, '/projects/1/protected_environments/nope', {
      method: 'PUT',
      json: { required_approval_count: 2 },
    });
    assert.deepEqual([reply.status, reply.body], [404, { message: '404 Not found' }]);
  });

  it('a role rule of a group-level protected environment compares the role in that group, not in the project', async () => {
    const { sim } = h;
    const pat = sim.state.addUser({ username: 'pat', name: 'Pat Park' });
    sim.state.addMember(sim.state.findGroupByPath('acme/platform')!, pat, 30);
    sim.state.addMember(sim.state.projects.get(1)!, pat, 40);
    const refused = await api(sim, `/projects/1/deployments/${DEMO.waitingSeveralPes}/approval`, {
      method: 'POST',
      token: sim.tokenFor('pat'),
      json: { status: 'approved' },
    });
    assert.deepEqual(
      [refused.status, refused.body],
      [400, { message: NO_PERMISSION }],
      'Maintainer of the project, Developer of the group: the group-level Maintainers rule does not match',
    );
    const accepted = await api(sim, `/projects/1/deployments/${DEMO.waitingSeveralPes}/approval`, {
      method: 'POST',
      json: { status: 'approved', represented_as: 'Maintainers' },
    });
    assert.equal(accepted.status, 201, 'demo is a Maintainer of acme/platform, where the rule lives');
  });

  it('GET /projects/:id/members/all/:user_id counts access through a shared group, capped by the share', async () => {
    const { sim } = h;
    const carol = sim.state.user('carol').id;
    const project = (await api(sim, '/projects/1', { token: sim.tokenFor('carol') })).body;
    assert.deepEqual(project.permissions, { project_access: null, group_access: null }, 'a share shows in neither');
    const member = await api(sim, `/projects/1/members/all/${carol}`, { token: sim.tokenFor('carol') });
    assert.deepEqual(
      [member.status, member.body.access_level],
      [200, 30],
      'Maintainer of Security, shared as Developer',
    );
    const gina = await api(sim, `/projects/1/members/all/${sim.state.user('gina').id}`);
    assert.deepEqual([gina.status, gina.body], [404, { message: '404 Not found' }]);
  });
});

describe('simulator: before 16.2 a full approval moves the deployment from blocked to created', () => {
  let sim: Simulator;
  beforeEach(async () => (sim = await startSimulator({ profile: '16.1' })));
  afterEach(() => sim.close());

  it('unblocks on the last approval: created, 0 pending, job still manual and playable; "not waiting" comes second', async () => {
    const path = `/projects/5/deployments/${DEMO.selfTriggeredForbidden}`;
    const before = (await api(sim, path)).body;
    assert.deepEqual([before.status, before.pending_approval_count], ['blocked', 1]);
    const approve = await api(sim, `${path}/approval`, {
      method: 'POST',
      token: sim.tokenFor('carol'),
      json: { status: 'approved' },
    });
    assert.equal(approve.status, 201, approve.text);
    const after = (await api(sim, path)).body;
    assert.deepEqual(
      [after.status, after.pending_approval_count, after.deployable.status],
      ['created', 0, 'manual'],
      'unblock! moved it to created; the job waits to be run',
    );
    const blocked = (await api(sim, '/projects/5/deployments?status=blocked')).body.map((d: { id: number }) => d.id);
    assert.ok(!blocked.includes(DEMO.selfTriggeredForbidden));
    const created = (await api(sim, '/projects/5/deployments?status=created')).body.map((d: { id: number }) => d.id);
    assert.ok(created.includes(DEMO.selfTriggeredForbidden));
    const self = await api(sim, `${path}/approval`, { method: 'POST', json: { status: 'approved' } });
    assert.deepEqual(
      [self.status, self.body],
      [400, { message: 'This deployment is not waiting for approvals.' }],
      'demo triggered it: 18.9 would say "You cannot approve your own deployment"; this era checks waiting first',
    );
    const played = await api(sim, `/projects/5/jobs/${after.deployable.id}/play`, {
      method: 'POST',
      token: sim.tokenFor('bob'),
    });
    assert.deepEqual([played.status, played.body.status], [200, 'pending']);
    assert.equal((await api(sim, path)).body.status, 'created');
  });
});
