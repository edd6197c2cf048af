// Least privilege: what the token may do is read from GitLab (`GET /personal_access_tokens/self`, its scopes) on each
// full load, and only that is offered — a read_api token watches, and no approve, reject, run or required-approvals
// change is offered with it (docs/sign-in.md#least-privilege-tokens).
import * as assert from 'node:assert/strict';
import { availableDeploymentActions, canChangeRequiredApprovals } from '../../../src/core/actions/availableActions';
import { tokenReach } from '../../../src/core/gitlab/tokenScopes';
import { coldLoad, deploymentsOf, instanceView, startEngine, type EngineHarness } from './helpers';

describe('what the token may do (least privilege)', () => {
  it('tokenReach: api writes, read_api reads, other scopes cannot read deployments; unknown scopes are not held against it', () => {
    assert.equal(tokenReach(['api']), 'write');
    assert.equal(tokenReach(['read_api', 'read_user']), 'read');
    assert.equal(tokenReach(['read_user']), 'none');
    assert.equal(tokenReach(undefined), 'write');
  });

  describe('in the engine, against the simulator', () => {
    let h: EngineHarness | undefined;
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    /** Every action offered anywhere in the view: on deployments, and Set Required Approvals on environments. */
    function offered(harness: EngineHarness): string[] {
      const view = instanceView(harness);
      const onDeployments = deploymentsOf(harness).flatMap((d) => {
        const project = view.projects.find((p) => p.project.id === d.projectId)!;
        return availableDeploymentActions(d, project.accessLevel);
      });
      const onEnvironments = view.projects.flatMap((p) =>
        p.environments.filter((e) => canChangeRequiredApprovals(p, e)).map(() => 'setRequiredApprovals'),
      );
      return [...onDeployments, ...onEnvironments];
    }

    it('a read_api token: every deployment is shown, what awaits you too, and no action is offered', async () => {
      h = await startEngine({ sim: { scenario: 'demo' } });
      h.token.value = h.sim.state.addToken(h.sim.state.user('demo'), { scopes: ['read_api'] }).token;
      await coldLoad(h);
      assert.equal(deploymentsOf(h).length, 12);
      assert.ok(deploymentsOf(h).some((d) => d.awaitingMe));
      assert.equal(instanceView(h).tokenReach, 'read');
      assert.deepEqual(offered(h), []);
    });

    it('an api token: the actions are offered as before', async () => {
      h = await startEngine({ sim: { scenario: 'demo' } });
      await coldLoad(h);
      assert.equal(instanceView(h).tokenReach, 'write');
      assert.ok(offered(h).includes('approve'));
      assert.ok(offered(h).includes('setRequiredApprovals'));
    });
  });
});
