// Version and edition profiles (docs/gitlab-behaviour.md#versions-and-editions matrix).
import assert from 'node:assert/strict';
import { startSimulator, Simulator } from '../../simulator';

// Spelled out (docs/gitlab-behaviour.md#approving-and-rejecting, docs/gitlab-behaviour.md#required-approval-count-and-approval-rules-by-version) so that a changed text in the simulator fails the tests.
const LEGACY_APPROVAL_TEXTS = {
  notProtected: 'This environment is not protected',
  noPermission: 'You do not have permission to approve or reject this deployment',
  notWaiting: 'This deployment job is not waiting for approvals',
  selfApproval: 'The same user can not approve',
};
const REQUIRED_APPROVAL_COUNT_DEPRECATED =
  "Parameter 'required_approval_count' is deprecated and shouldn't be used. See https://gitlab.com/groups/gitlab-org/-/epics/9662";
import { api, DEMO } from './helpers';

async function withProfile(
  profile: Parameters<typeof startSimulator>[0] extends infer O ? (O extends { profile?: infer P } ? P : never) : never,
  body: (sim: Simulator) => Promise<void>,
) {
  const sim = await startSimulator({ profile });
  try {
    await body(sim);
  } finally {
    await sim.close();
  }
}

const pe = (extra: Record<string, unknown>) => ({
  method: 'POST',
  json: { name: 'review/feature-x', deploy_access_levels: [{ access_level: 40 }], ...extra },
});

describe('simulator: profiles', () => {
  it('ce: approval and protected-environment routes are absent; no approval keys; /version says enterprise false', () =>
    withProfile('ce', async (sim) => {
      assert.deepEqual(
        (
          await api(sim, `/projects/1/deployments/${DEMO.waitingRole}/approval`, {
            method: 'POST',
            json: { status: 'approved' },
          })
        ).body,
        { error: '404 Not Found' },
      );
      assert.deepEqual((await api(sim, '/projects/1/protected_environments')).body, { error: '404 Not Found' });
      assert.deepEqual((await api(sim, '/groups/2/protected_environments')).body, { error: '404 Not Found' });
      const deployment = (await api(sim, `/projects/1/deployments/${DEMO.waitingRole}`)).body;
      assert.ok(!('pending_approval_count' in deployment) && !('approval_summary' in deployment));
      assert.equal((await api(sim, '/version')).body.enterprise, false);
      assert.ok(!('allow_pipeline_trigger_approve_deployment' in (await api(sim, '/projects/1')).body));
      assert.equal(deployment.status, 'blocked', 'plain manual jobs are blocked');
    }));

  it('ee-unlicensed: "This environment is not protected." and zero pending; job playable; no license key on projects', () =>
    withProfile('ee-unlicensed', async (sim) => {
      const reply = await api(sim, `/projects/1/deployments/${DEMO.waitingRole}/approval`, {
        method: 'POST',
        json: { status: 'approved' },
      });
      assert.deepEqual([reply.status, reply.body], [400, { message: 'This environment is not protected.' }]);
      const deployment = (await api(sim, `/projects/1/deployments/${DEMO.waitingRole}`)).body;
      assert.deepEqual([deployment.pending_approval_count, deployment.approvals], [0, []]);
      assert.ok(Array.isArray(deployment.approval_summary.rules));
      assert.equal(
        (await api(sim, '/projects/1/protected_environments')).status,
        200,
        'the PE API answers without a license',
      );
      assert.ok(!('allow_pipeline_trigger_approve_deployment' in (await api(sim, '/projects/1')).body));
      assert.equal(
        (await api(sim, `/projects/1/jobs/${deployment.deployable.id}/play`, { method: 'POST' })).status,
        200,
      );
    }));

  it('14.7: unified count only, old texts and order, no PUT (405), no /metadata, no approval_summary, auto-run', () =>
    withProfile('14.7', async (sim) => {
      const version = (await api(sim, '/version')).body;
      assert.equal(version.version, '14.7.7-ee');
      assert.ok(!('enterprise' in version));
      assert.deepEqual((await api(sim, '/metadata')).body, { error: '404 Not Found' });
      assert.equal((await api(sim, '/personal_access_tokens/self')).status, 404);
      const created = await api(
        sim,
        '/projects/1/protected_environments',
        pe({ required_approval_count: 1, approval_rules: [{ access_level: 30 }] }),
      );
      assert.equal(created.status, 201);
      assert.deepEqual(Object.keys(created.body), ['name', 'deploy_access_levels', 'required_approval_count']);
      const put = await api(sim, '/projects/1/protected_environments/review%2Ffeature-x', {
        method: 'PUT',
        json: { required_approval_count: 2 },
      });
      assert.equal(put.status, 405);
      const { deployment } = sim.createBlockedDeployment({
        project: 1,
        environment: 'review/feature-x',
        triggeredBy: 'demo',
      });
      const path = `/projects/1/deployments/${deployment.id}`;
      const self = await api(sim, `${path}/approval`, { method: 'POST', json: { status: 'approved' } });
      assert.deepEqual(self.body, { message: LEGACY_APPROVAL_TEXTS.selfApproval });
      const guest = await api(sim, `${path}/approval`, {
        method: 'POST',
        json: { status: 'approved' },
        token: sim.tokenFor('erin'),
      });
      assert.equal(guest.status, 404, 'erin cannot see the project');
      const single = (await api(sim, path)).body;
      assert.ok(!('approval_summary' in single));
      assert.equal(single.pending_approval_count, 1);
      assert.equal(
        (
          await api(sim, `${path}/approval`, {
            method: 'POST',
            json: { status: 'approved' },
            token: sim.tokenFor('bob'),
          })
        ).status,
        201,
      );
      const after = (await api(sim, path)).body;
      assert.equal(after.deployable.status, 'pending', 'unified approvals auto-run the job');
      const plain = (await api(sim, `/projects/4/deployments/${DEMO.plainManual}`)).body;
      assert.equal(plain.status, 'created', 'before ~16.x plain manual deployments are not blocked');
      const notProtected = await api(sim, `/projects/4/deployments/${DEMO.plainManual}/approval`, {
        method: 'POST',
        json: { status: 'approved' },
      });
      assert.deepEqual(notProtected.body, { message: LEGACY_APPROVAL_TEXTS.notProtected });
      const reporter = await api(sim, `/projects/4/deployments/${DEMO.severalRules}/approval`, {
        method: 'POST',
        json: { status: 'approved' },
        token: sim.tokenFor('erin'),
      });
      assert.deepEqual(
        reporter.body,
        { message: LEGACY_APPROVAL_TEXTS.noPermission },
        'permission is checked before "not waiting" in 14.7',
      );
      const rulesOnly = await api(sim, `/projects/3/deployments/${DEMO.approvedNotRun}/approval`, {
        method: 'POST',
        json: { status: 'approved' },
        token: sim.tokenFor('alice'),
      });
      assert.deepEqual(rulesOnly.body, { message: LEGACY_APPROVAL_TEXTS.notWaiting }, '14.7 ignores approval rules');
    }));

  it('15.4: PUT exists; rules and the unified count are both accepted; no self-approval setting', () =>
    withProfile('15.4', async (sim) => {
      const created = await api(
        sim,
        '/projects/1/protected_environments',
        pe({ required_approval_count: 2, approval_rules: [{ access_level: 30 }] }),
      );
      assert.equal(created.status, 201);
      assert.equal(created.body.required_approval_count, 2);
      assert.equal(created.body.approval_rules.length, 1);
      const put = await api(sim, '/projects/1/protected_environments/review%2Ffeature-x', {
        method: 'PUT',
        json: { required_approval_count: 1 },
      });
      assert.equal(put.status, 200);
      assert.ok(!('allow_pipeline_trigger_approve_deployment' in (await api(sim, '/projects/1')).body));
      const self = await api(sim, `/projects/6/deployments/${DEMO.selfTriggeredAllowed}/approval`, {
        method: 'POST',
        json: { status: 'approved' },
      });
      assert.equal(self.status, 400, 'the setting only exists since 15.8');
      assert.ok(!('enterprise' in (await api(sim, '/metadata')).body));
    }));

  it('16.x (16.11): unified count still accepted, one approval per user and rule (since 16.10, gl!146673)', () =>
    withProfile('16.x', async (sim) => {
      assert.equal(
        (await api(sim, '/projects/1/protected_environments', pe({ required_approval_count: 1 }))).status,
        201,
      );
      const path = `/projects/1/deployments/${DEMO.waitingSeveralPes}`;
      assert.equal(
        (
          await api(sim, `${path}/approval`, {
            method: 'POST',
            json: { status: 'approved', represented_as: 'Security' },
          })
        ).status,
        201,
      );
      const second = await api(sim, `${path}/approval`, {
        method: 'POST',
        json: { status: 'approved', represented_as: 'Maintainers' },
      });
      assert.equal(second.status, 201);
      assert.equal((await api(sim, path)).body.approvals.length, 2, 'counted under each rule');
    }));

  it('15.4: without rules the required count is the maximum over the matching protected environments, not the sum', () =>
    withProfile('15.4', async (sim) => {
      const web = sim.state.findGroupByPath('acme/web')!;
      const storefront = sim.state.findProject('acme/web/storefront')!;
      sim.state.protectEnvironment({ project: storefront, name: 'staging', requiredApprovalCount: 2 });
      sim.state.protectEnvironment({ group: web, name: 'staging', requiredApprovalCount: 1 });
      const detail = (await api(sim, `/projects/${storefront.id}/deployments/${DEMO.plainManual}`)).body;
      assert.equal(detail.pending_approval_count, 2, 'max(2, 1) (ee/app/models/ee/environment.rb before 17.0)');
    }));

  it('16.1: the pending count is flat — required minus every approval — and reaches 0 while a rule is unmet', () =>
    withProfile('16.1', async (sim) => {
      // api-gateway production: the group-level Maintainers rule and the project's Security rule, one approval each.
      const path = `/projects/1/deployments/${DEMO.waitingSeveralPes}`;
      assert.equal(sim.approve({ deployment: DEMO.waitingSeveralPes, as: 'carol' }).ok, true);
      sim.approve({ deployment: DEMO.waitingSeveralPes, as: 'demo', representedAs: 'Security' });
      const detail = (await api(sim, path)).body;
      assert.equal(detail.pending_approval_count, 0, 'two approvals against two required');
      const deployment = sim.state.deployments.get(DEMO.waitingSeveralPes)!;
      const rules = new Set(sim.state.approvalsOf(deployment).map((a) => a.approvalRuleId));
      assert.equal(rules.size, 1, 'both under Security: the Maintainers rule is still unmet');
    }));

  it('16.x: the pending count is per rule (16.2, gl!120699): two approvals under one rule leave the other pending', () =>
    withProfile('16.x', async (sim) => {
      sim.approve({ deployment: DEMO.waitingSeveralPes, as: 'carol' });
      sim.approve({ deployment: DEMO.waitingSeveralPes, as: 'demo', representedAs: 'Security' });
      const detail = (await api(sim, `/projects/1/deployments/${DEMO.waitingSeveralPes}`)).body;
      assert.equal(detail.pending_approval_count, 1);
    }));

  for (const profile of ['latest', '17+'] as const) {
    it(`${profile}: required_approval_count > 0 is a 422 with GitLab’s text; 0 is accepted`, () =>
      withProfile(profile, async (sim) => {
        const refused = await api(sim, '/projects/1/protected_environments', pe({ required_approval_count: 1 }));
        assert.deepEqual([refused.status, refused.body], [422, { message: REQUIRED_APPROVAL_COUNT_DEPRECATED }]);
        assert.equal(
          (await api(sim, '/projects/1/protected_environments', pe({ required_approval_count: 0 }))).status,
          201,
        );
        assert.equal((await api(sim, '/version')).body.version, '18.9.0-ee');
      }));
  }
});
