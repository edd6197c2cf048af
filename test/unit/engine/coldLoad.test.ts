// The first full load of the demo instance: the right tree, every kind of blocked deployment, at the expected cost.
import * as assert from 'node:assert/strict';
import { deploymentsOf, instanceView, lastSeq, loadedEngine, routeCounts, viewOf } from './helpers';

describe('RefreshEngine cold load (demo scenario)', () => {
  const h = loadedEngine({ once: true });

  it('loads the user, capabilities and the eight Developer+ projects', () => {
    const instance = instanceView(h);
    assert.equal(instance.user?.username, 'demo');
    assert.equal(instance.stale, false);
    assert.equal(instance.capabilities?.deploymentApprovals.available, true);
    assert.equal(instance.projects.length, 8);
    assert.ok(instance.projects.every((p) => p.error === undefined));
    assert.equal(deploymentsOf(h).length, 12);
  });

  it('costs the floor: 1 user + 1 version + the token’s scopes + 1 project page + 8 lists + 12 details, plus the effective role where below Maintainer and something waits (3), what is live where a job waits to be run (4), group memberships once per group, protections only where a rule’s origin decides, and each user rule’s user once (1)', () => {
    assert.deepEqual(routeCounts(h), {
      user: 1,
      version: 1,
      // What the token may do (its scopes), read with the user on every full load.
      'personal_access_tokens.self': 1,
      'projects.list': 1,
      'deployments.list': 8,
      'deployments.get': 12,
      // Shares are not in `permissions`: storefront, admin-portal and mobile-backend (demo is a Developer there).
      'projects.members.all.show': 3,
      // Three groups appear in rules (Security, QA, AppSec), and the top-level group acme settles role rules that may
      // be group-level; "direct?" is asked only where "member at all?" said yes.
      'groups.members.all.show': 4,
      'groups.members.show': 2,
      // demo is no Maintainer of acme, so whether a Maintainers rule is the project's own or acme's decides whether it
      // surely matches: read where demo may (Maintainer) and a waiting deployment depends on it.
      'protected_environments.list': 4,
      // What is live (`last_deployment`) where a job waits to be run — auth-service production, billing-service
      // staging, storefront staging, mobile-backend staging: GitLab refuses to run one older than that.
      'environments.get': 4,
      // Whether a user rule's user is a service account or bot (an external gate): alice's rule (demo's own is not asked).
      'users.show': 1,
      // The deploy freezes of each project with something waiting (one GraphQL query each; 7 of the 8).
      graphql: 7,
    });
  });

  it('waiting, several rules across two PEs: demo picks Security or the group-level Maintainers rule, which is only “may”', () => {
    const view = viewOf(h, 'acme/platform/api-gateway', 'production');
    assert.equal(view.state, 'waiting-for-approval');
    assert.equal(view.awaitingMe, true);
    assert.deepEqual(view.progress?.rules.map((r) => r.label).sort(), ['Maintainers', 'Security']);
    // Maintainers comes from acme/platform's group-level protection: GitLab checks demo's role in the group that holds
    // it (Maintainer of acme/platform, Developer of acme), which REST does not name.
    assert.deepEqual(
      view.eligibility?.possibleRules.map((r) => r.access_level_description),
      ['Maintainers'],
    );
    // Both offered, each named so GitLab cannot pick the other; the sure one first (issue 18).
    assert.deepEqual(view.eligibility?.representedAsChoices, ['Security', 'Maintainers']);
  });

  it('partly approved shows k of n', () => {
    const view = viewOf(h, 'acme/platform/billing-service', 'production');
    assert.equal(view.state, 'waiting-for-approval');
    assert.equal(view.progress?.totalApproved, 1);
    assert.equal(view.progress?.totalRequired, 3);
    assert.equal(view.awaitingMe, true);
  });

  it('approved but not run', () => {
    const view = viewOf(h, 'acme/platform/auth-service', 'production');
    assert.equal(view.state, 'approved-not-run');
    assert.equal(view.progress?.totalPending, 0);
    assert.equal(view.awaitingMe, false);
  });

  it('plain manual deployments (no rules)', () => {
    for (const [project, env] of [
      ['acme/web/storefront', 'staging'],
      ['acme/mobile-backend', 'staging'],
    ]) {
      const view = viewOf(h, project, env);
      assert.equal(view.state, 'manual', `${project}/${env}`);
      assert.equal(view.awaitingMe, false);
    }
  });

  it('self-triggered: refused without the project setting (may still reject), allowed with it', () => {
    const forbidden = viewOf(h, 'acme/web/admin-portal', 'production');
    assert.equal(forbidden.eligibility?.canApprove, false);
    assert.equal(forbidden.eligibility?.reason, 'own-deployment');
    assert.equal(forbidden.eligibility?.canReject, true);
    const allowed = viewOf(h, 'acme/web/docs-site', 'production');
    assert.equal(allowed.eligibility?.canApprove, true);
    assert.equal(allowed.awaitingMe, true);
  });

  it('several rules on one PE: demo matches only the Security group rule', () => {
    const view = viewOf(h, 'acme/web/storefront', 'production');
    assert.equal(view.progress?.rules.length, 3);
    assert.deepEqual(
      view.eligibility?.matchingRules.map((r) => r.access_level_description),
      ['Security'],
    );
    assert.equal(view.awaitingMe, true);
  });

  it('a rule demo does not match: no-matching-rule', () => {
    const view = viewOf(h, 'acme/mobile-backend', 'production');
    assert.equal(view.state, 'waiting-for-approval');
    assert.equal(view.eligibility?.canApprove, false);
    assert.equal(view.eligibility?.reason, 'no-matching-rule');
  });

  it('environments come from the blocked deployments; protections are not read at startup', () => {
    const gateway = instanceView(h).projects.find(
      (p) => p.project.path_with_namespace === 'acme/platform/api-gateway',
    )!;
    assert.deepEqual(gateway.environments.map((e) => e.name).sort(), ['production', 'staging']);
    assert.equal(gateway.protectionsRead, false);
    assert.equal(gateway.environments.find((e) => e.name === 'production')!.protection, undefined);
  });

  it('reads a project’s protections on demand, once', async () => {
    const gateway = instanceView(h).projects.find(
      (p) => p.project.path_with_namespace === 'acme/platform/api-gateway',
    )!;
    const seq = lastSeq(h);
    await h.engine.loadProtections(h.sim.url, gateway.project.id);
    await h.engine.loadProtections(h.sim.url, gateway.project.id);
    assert.deepEqual(routeCounts(h, seq), { 'protected_environments.list': 1 });
    const after = instanceView(h).projects.find((p) => p.project.id === gateway.project.id)!;
    assert.equal(after.protectionsRead, true);
    assert.ok(after.environments.find((e) => e.name === 'production')!.protection);
  });

  it('fires no onNewAwaitingMe on the first load', () => {
    assert.deepEqual(h.newAwaitingMe, []);
  });
});
