// Actions over real HTTP: approve/reject with input checked first, and required approvals per GitLab version.
import * as assert from 'node:assert/strict';
import { decide } from '../../../src/core/actions/deploymentActions';
import { setRequiredApprovals } from '../../../src/core/actions/requiredApprovalsAction';
import { instanceCapabilities } from '../../../src/core/capabilities';
import type { GitLabClient } from '../../../src/core/gitlab/client';
import type { Simulator } from '../../simulator';
import {
  blockedDeploymentId,
  clientFor,
  projectIdOf,
  rejectsWithKind,
  requestsTo,
  useSimulator,
} from '../client/helpers';

describe('deployment actions (simulator)', () => {
  const ctx = useSimulator({ profile: 'latest' });
  const target = (project: string, env: string) => ({
    projectId: projectIdOf(ctx.sim, project),
    deploymentId: blockedDeploymentId(ctx.sim, project, env),
  });

  it('decide() refuses a comment over 255 characters (emoji count as one) before any request', async () => {
    const comment = '🚀'.repeat(256);
    const error = await rejectsWithKind(
      decide(clientFor(ctx.sim), target('acme/platform/api-gateway', 'production'), 'approved', { comment }),
      'invalid-input',
    );
    assert.match(error.userMessage, /256 characters/);
    assert.equal(ctx.sim.requestLog.length, 0);
  });

  it('decide() sends a 255-character emoji comment (255 code points, 510 UTF-16 units)', async () => {
    const comment = '🚀'.repeat(255);
    // The simulator counts UTF-16 units and answers 400 here (a gap: Rails counts characters); what matters is that we sent it.
    await decide(clientFor(ctx.sim), target('acme/platform/api-gateway', 'production'), 'approved', { comment }).catch(
      () => undefined,
    );
    assert.equal(requestsTo(ctx.sim, 'deployments.approve', 'POST').length, 1);
  });

  it('decide() on a deployment that no longer waits (approved elsewhere): GitLab refuses, in its words', async () => {
    const t = target('acme/platform/api-gateway', 'staging');
    assert.equal(ctx.sim.approve({ deployment: t.deploymentId, as: 'alice' }).ok, true);
    const error = await rejectsWithKind(decide(clientFor(ctx.sim), t, 'approved', {}), 'rejected');
    assert.match(error.userMessage, /not waiting for approvals/);
    assert.equal(requestsTo(ctx.sim, 'deployments.approve', 'POST').length, 1);
  });
});

describe('setRequiredApprovals (simulator)', () => {
  /** A protected environment with two deployers and no rules, added to api-gateway for these tests. */
  function addUnifiedEnvironment(sim: Simulator): string {
    const project = sim.state.findProject('acme/platform/api-gateway')!;
    sim.state.protectEnvironment({
      project,
      name: 'review/feature-x',
      deployAccessLevels: [{ accessLevel: 40 }, { user: sim.state.user('bob') }],
      requiredApprovalCount: 1,
    });
    return 'review/feature-x';
  }
  const capabilitiesOf = async (client: GitLabClient) => instanceCapabilities(await client.version())!;

  describe('14.7: unprotect and protect again, only after confirmation', () => {
    const ctx = useSimulator({ profile: '14.7' });

    it('declined → nothing written; confirmed → DELETE + POST keeping every deployer', async () => {
      const name = addUnifiedEnvironment(ctx.sim);
      const client = clientFor(ctx.sim);
      const capabilities = await capabilitiesOf(client);
      const request = { projectId: projectIdOf(ctx.sim, 'acme/platform/api-gateway'), environmentName: name, count: 3 };

      const warnings: string[] = [];
      const declined = await setRequiredApprovals(
        client,
        capabilities,
        request,
        async (w) => (warnings.push(w), false),
      );
      assert.equal(declined, undefined);
      assert.match(warnings[0], /unprotected/);
      assert.equal(ctx.sim.requestLog.all().filter((e) => e.method !== 'GET').length, 0);

      const result = await setRequiredApprovals(client, capabilities, request, async () => true);
      assert.equal(result?.mechanism, 'reprotect');
      assert.deepEqual(result?.dropped, []);
      assert.equal(result?.environment.required_approval_count, 3);
      const deployers = result!.environment.deploy_access_levels.map((l) => l.access_level ?? `user:${l.user_id}`);
      assert.deepEqual(deployers.sort(), [40, `user:${ctx.sim.state.user('bob').id}`].sort());
      assert.deepEqual(
        ctx.sim.requestLog
          .all()
          .filter((e) => e.method !== 'GET')
          .map((e) => e.method),
        ['DELETE', 'POST'],
      );
    });
  });

  describe('15.4: the unified count by PUT', () => {
    const ctx = useSimulator({ profile: '15.4' });

    it('updates required_approval_count in place', async () => {
      const name = addUnifiedEnvironment(ctx.sim);
      const client = clientFor(ctx.sim);
      const request = { projectId: projectIdOf(ctx.sim, 'acme/platform/api-gateway'), environmentName: name, count: 2 };
      const result = await setRequiredApprovals(client, await capabilitiesOf(client), request, async () =>
        assert.fail('no confirmation needed'),
      );
      assert.equal(result?.mechanism, 'update-unified');
      assert.equal(result?.environment.required_approval_count, 2);
      assert.deepEqual(result?.dropped, []);
      assert.deepEqual(
        ctx.sim.requestLog
          .all()
          .filter((e) => e.method !== 'GET')
          .map((e) => e.method),
        ['PUT'],
      );
    });
  });

  describe('latest: the rule by PUT', () => {
    const ctx = useSimulator({ profile: 'latest' });

    it("updates the rule's required_approvals (the simulator refuses a rule element without its key, so the key was resent)", async () => {
      const client = clientFor(ctx.sim);
      const request = {
        projectId: projectIdOf(ctx.sim, 'acme/platform/billing-service'),
        environmentName: 'production',
        count: 3,
      };
      const result = await setRequiredApprovals(client, await capabilitiesOf(client), request, async () =>
        assert.fail('no confirmation needed'),
      );
      assert.equal(result?.mechanism, 'update-rule');
      assert.deepEqual(
        result?.environment.approval_rules?.map((r) => [r.access_level, r.required_approvals]),
        [[40, 3]],
      );
      assert.deepEqual(result?.dropped, []);
    });

    it('reports a change GitLab silently dropped (a group the project is not shared with)', async () => {
      // Seeded directly (GitLab would have dropped it on write too): api-gateway is shared with Security, not QA.
      const gateway = ctx.sim.state.findProject('acme/platform/api-gateway')!;
      ctx.sim.state.protectEnvironment({
        project: gateway,
        name: 'review/feature-x',
        approvalRules: [{ group: ctx.sim.state.findGroupByPath('qa')! }],
      });
      const client = clientFor(ctx.sim);
      const request = { projectId: gateway.id, environmentName: 'review/feature-x', count: 2 };
      const result = await setRequiredApprovals(client, await capabilitiesOf(client), request, async () => true);
      assert.equal(result?.mechanism, 'update-rule');
      assert.deepEqual(
        result?.dropped.map((d) => [d.collection, d.problem]),
        [['approval_rules', 'not-applied']],
      );
    });
  });
});
