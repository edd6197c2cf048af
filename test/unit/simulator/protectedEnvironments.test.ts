// Protected environments API (docs/gitlab-behaviour.md#protected-environments-api): permissions, 409/422, silent filtering, nested PUT, group-level rules adding up.
import assert from 'node:assert/strict';
import { api, DEMO, useFreshSimulator } from './helpers';

/** `ExactlyOnePresentValidator` on a nested deploy access level, as Rails words a nested `base` error [inferred]. */
const EXACTLY_ONE = 'Deploy access levels base Exactly one of access_level, group_id, user_id must be present';

describe('simulator: protected environments', () => {
  const h = useFreshSimulator();

  it('needs Maintainer+ on projects and Owner on groups', async () => {
    const { sim } = h;
    assert.equal((await api(sim, '/projects/4/protected_environments', { token: sim.tokenFor('carol') })).status, 403);
    assert.equal((await api(sim, '/projects/4/protected_environments', { token: sim.tokenFor('bob') })).status, 200);
    assert.equal(
      (await api(sim, '/groups/acme%2Fplatform/protected_environments')).status,
      403,
      'demo is a Maintainer, not an Owner',
    );
    assert.equal(
      (await api(sim, '/groups/acme%2Fplatform/protected_environments', { token: sim.tokenFor('alice') })).status,
      200,
    );
    assert.deepEqual((await api(sim, '/groups/nope/protected_environments')).body, { message: '404 Group Not Found' });
    assert.deepEqual((await api(sim, '/projects/1/protected_environments/nope')).body, { message: '404 Not found' });
  });

  it('POST: Grape texts, 409 when already protected, 422 from model validations', async () => {
    const { sim } = h;
    const post = (json: unknown) => api(sim, '/projects/1/protected_environments', { method: 'POST', json });
    assert.deepEqual((await post({})).body, { error: 'name is missing, deploy_access_levels is missing' });
    const keyless = await post({ name: 'x', deploy_access_levels: [{}] });
    assert.deepEqual([keyless.status, keyless.body], [422, { message: [EXACTLY_ONE] }], 'the model checks the keys');
    const twoKeys = await post({
      name: 'x',
      deploy_access_levels: [{ access_level: 40, user_id: sim.state.user('bob').id }],
    });
    assert.deepEqual([twoKeys.status, twoKeys.body], [422, { message: [EXACTLY_ONE] }]);
    assert.deepEqual((await post({ name: 'x', deploy_access_levels: [{ access_level: 50 }] })).body, {
      error: 'deploy_access_levels[0][access_level] does not have a valid value',
    });
    const conflict = await post({ name: 'production', deploy_access_levels: [{ access_level: 40 }] });
    assert.deepEqual(
      [conflict.status, conflict.body],
      [409, { message: "Environment 'production' is already protected" }],
    );
    const tooMany = await post({
      name: 'x',
      deploy_access_levels: [{ access_level: 40 }],
      approval_rules: [{ access_level: 40, required_approvals: 6 }],
    });
    assert.deepEqual(
      [tooMany.status, tooMany.body],
      [422, { message: ['Approval rules required approvals must be less than or equal to 5'] }],
    );
  });

  it('silently drops groups the project is not shared with and users below Developer', async () => {
    const { sim } = h;
    const qa = sim.state.findGroupByPath('qa')!;
    const security = sim.state.findGroupByPath('security')!;
    const reply = await api(sim, '/projects/1/protected_environments', {
      method: 'POST',
      json: {
        name: 'review/feature-x',
        deploy_access_levels: [{ access_level: 40 }],
        approval_rules: [
          { group_id: qa.id },
          { group_id: security.id },
          { user_id: sim.state.user('erin').id },
          { user_id: sim.state.user('bob').id },
        ],
      },
    });
    assert.equal(reply.status, 201);
    assert.deepEqual(
      reply.body.approval_rules.map((r: { group_id: number; user_id: number }) => r.group_id ?? `user ${r.user_id}`),
      [security.id, `user ${sim.state.user('bob').id}`],
    );
  });

  it('PUT updates by id, creates without id, deletes with _destroy; removing the last deploy level is a 422', async () => {
    const { sim } = h;
    const before = (await api(sim, '/projects/2/protected_environments/production')).body;
    const rule = before.approval_rules[0];
    const put = await api(sim, '/projects/2/protected_environments/production', {
      method: 'PUT',
      json: {
        approval_rules: [
          { id: rule.id, access_level: 40, required_approvals: 3 },
          { access_level: 30, required_approvals: 1 },
        ],
      },
    });
    assert.equal(put.status, 200);
    assert.deepEqual(
      put.body.approval_rules.map((r: { access_level: number; required_approvals: number }) => [
        r.access_level,
        r.required_approvals,
      ]),
      [
        [40, 3],
        [30, 1],
      ],
    );
    const removed = await api(sim, '/projects/2/protected_environments/production', {
      method: 'PUT',
      json: { approval_rules: [{ id: rule.id, access_level: 40, _destroy: true }] },
    });
    assert.equal(removed.body.approval_rules.length, 1);
    const level = before.deploy_access_levels[0];
    const last = await api(sim, '/projects/2/protected_environments/production', {
      method: 'PUT',
      json: { deploy_access_levels: [{ id: level.id, _destroy: true }] },
    });
    assert.deepEqual(
      [last.status, last.body],
      [422, { message: ['Deploy access levels is too short (minimum is 1 character)'] }],
    );
    assert.deepEqual(
      (
        await api(sim, '/projects/2/protected_environments/production', {
          method: 'PUT',
          json: { approval_rules: [{ id: 99999, access_level: 40 }] },
        })
      ).body,
      { message: '404 Not found' },
    );
    assert.equal((await api(sim, '/projects/2/protected_environments/production', { method: 'DELETE' })).status, 204);
  });

  it('group-level PEs of the environment’s tier add their rules to the summary and the pending count', async () => {
    const { sim } = h;
    const path = `/projects/1/deployments/${DEMO.waitingSeveralPes}`;
    assert.equal((await api(sim, path)).body.approval_summary.rules.length, 2);
    const alice = sim.tokenFor('alice');
    const created = await api(sim, '/groups/acme/protected_environments', {
      method: 'POST',
      token: alice,
      json: {
        name: 'production',
        deploy_access_levels: [{ access_level: 40 }],
        approval_rules: [{ access_level: 30, required_approvals: 2 }],
      },
    });
    assert.equal(created.status, 201, created.text);
    const after = (await api(sim, path)).body;
    assert.equal(after.approval_summary.rules.length, 3);
    assert.equal(after.pending_approval_count, 4);
    assert.deepEqual(
      (
        await api(sim, '/groups/acme/protected_environments', {
          method: 'POST',
          token: alice,
          json: { name: 'prod', deploy_access_levels: [{ access_level: 40 }] },
        })
      ).body,
      { message: ['Name must be one of environment tiers: production, staging, testing, development, other.'] },
    );
  });

  it('PUT /projects/:id sets allow_pipeline_trigger_approve_deployment, which then lets the triggerer approve', async () => {
    const { sim } = h;
    const put = await api(sim, '/projects/5', {
      method: 'PUT',
      token: sim.tokenFor('bob'),
      json: { allow_pipeline_trigger_approve_deployment: true },
    });
    assert.equal(put.body.allow_pipeline_trigger_approve_deployment, true);
    assert.equal(
      (
        await api(sim, `/projects/5/deployments/${DEMO.selfTriggeredForbidden}/approval`, {
          method: 'POST',
          json: { status: 'approved' },
        })
      ).status,
      201,
    );
  });
});
