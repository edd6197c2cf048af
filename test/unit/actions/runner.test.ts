// The action runner against the simulator: claim, send, re-read, compare, release, one outcome — and an approval GitLab
// answers 201 without counting it is said as such, never as approved.
import * as assert from 'node:assert/strict';
import { myApprovalRules } from '../../../src/core/actions/approvalRules';
import { ActionsInFlight } from '../../../src/core/actions/inFlight';
import { actOnDeployment, changeRequiredApprovals, retryFollowedJob } from '../../../src/core/actions/runner';
import { followedJobOf } from '../../../src/core/follow/followedJob';
import { deploymentKey } from '../../../src/core/refresh/snapshot';
import { lastSeq, loadedEngine, routeCounts } from '../engine/helpers';
import { hostOf, located } from './helpers';

describe('the action runner (against the simulator)', () => {
  describe('GitLab before 16.10 (16.1), which keeps one approval per person on a deployment', () => {
    const h = loadedEngine({ sim: { scenario: 'demo', profile: '16.1' } });

    /** A deployment demo may approve under two rules: one naming demo, one for the Security group. */
    async function twoRuleDeployment(): Promise<void> {
      const { state } = h.sim;
      const project = state.findProject('acme/web/storefront')!;
      const environment = state.addEnvironment({ project, name: 'eu-production', tier: 'production' });
      state.protectEnvironment({
        project,
        name: 'eu-production',
        approvalRules: [{ user: state.user('demo') }, { group: state.findGroupByPath('security')! }],
      });
      state.addBlockedDeployment({ project, environment, triggeredBy: state.user('bob') });
      await h.engine.refresh('full');
    }

    it('a second approval under another rule: GitLab answers 201 with the first, the runner says not counted', async () => {
      await twoRuleDeployment();
      const host = hostOf(h);
      const before = located(h, 'acme/web/storefront', 'eu-production');
      const rules = myApprovalRules(before.view);
      assert.equal(rules.length, 2, JSON.stringify(before.view.eligibility));
      const [first, other] = rules;

      const done = await actOnDeployment(host, before, { kind: 'approve', rules: [first], andRun: false });
      assert.equal(done.kind, 'done');
      const between = located(h, 'acme/web/storefront', 'eu-production');
      // The extension's rules still offer the other rule: only GitLab's answer shows it changes nothing.
      assert.equal(between.view.awaitingMe, true);

      const since = lastSeq(h);
      const second = await actOnDeployment(host, between, {
        kind: 'approve',
        rules: [other],
        comment: 'as a maintainer too',
        andRun: false,
      });
      assert.equal(second.kind, 'not-counted');
      assert.equal(second.kind === 'not-counted' && second.reason, 'one-per-person');
      assert.deepEqual(routeCounts(h, since), { 'deployments.approve': 1, 'deployments.get': 1 });
      const approvals = h.sim.state.approvalsOf(h.sim.state.deployments.get(before.deployment.id)!);
      assert.equal(approvals.length, 1, 'GitLab kept the one approval');
      assert.equal(
        located(h, 'acme/web/storefront', 'eu-production').view.awaitingMe,
        false,
        'no longer listed as awaiting the user',
      );
      await h.engine.refresh('full');
      assert.equal(located(h, 'acme/web/storefront', 'eu-production').view.awaitingMe, false, 'nor after a poll');
      // What is remembered changes nothing on a poll that changes nothing: the same views (the tree rebuilds no rows).
      const projects = h.engine.snapshot().instances[0].projects;
      await h.engine.refresh('poll');
      const changed = h.engine.snapshot().instances[0].projects.filter((project, i) => project !== projects[i]);
      assert.deepEqual(
        changed.map((p) => p.project.path),
        [],
      );
    });
  });

  describe('GitLab 17+', () => {
    const h = loadedEngine({ sim: { scenario: 'demo', profile: 'latest' } });

    it('an approval the user already gave elsewhere (the row was behind): 201 with the old record, not counted', async () => {
      const before = located(h, 'acme/platform/billing-service', 'production');
      assert.equal(before.view.awaitingMe, true);
      // Approved in GitLab's web page meanwhile; the engine has not polled since.
      const web = h.sim.approve({ deployment: before.deployment.id, as: 'demo', comment: 'from the web' });
      assert.equal(web.ok, true);
      const outcome = await actOnDeployment(hostOf(h), before, {
        kind: 'approve',
        rules: myApprovalRules(before.view),
        comment: 'from the editor',
        andRun: false,
      });
      assert.equal(outcome.kind, 'not-counted');
      assert.equal(outcome.kind === 'not-counted' && outcome.reason, 'already-approved');
      const demo = h.sim.state.user('demo').id;
      const mine = h.sim.state
        .approvalsOf(h.sim.state.deployments.get(before.deployment.id)!)
        .filter((a) => a.userId === demo);
      assert.deepEqual(
        mine.map((a) => a.comment),
        ['from the web'],
      );
    });

    it('two rules of one name: the second approval lands on the first again, not counted, and no longer awaits the user', async () => {
      // billing-service production: acme/platform's group-level Maintainers and the project's Maintainers. GitLab
      // resolves a name to the first rule of that name, so the project's rule cannot be named once the first is approved.
      const approve = async (comment: string) => {
        const before = located(h, 'acme/platform/billing-service', 'production');
        assert.equal(before.view.awaitingMe, true, `awaiting demo before "${comment}"`);
        return actOnDeployment(hostOf(h), before, {
          kind: 'approve',
          rules: myApprovalRules(before.view),
          comment,
          andRun: false,
        });
      };
      assert.equal((await approve('first')).kind, 'done');
      const second = await approve('second');
      assert.equal(second.kind, 'not-counted');
      assert.equal(located(h, 'acme/platform/billing-service', 'production').view.awaitingMe, false);
      await h.engine.refresh('full');
      assert.equal(
        located(h, 'acme/platform/billing-service', 'production').view.awaitingMe,
        false,
        'nor after a poll',
      );
    });

    it('not counted because the row was behind: the rules still open after the re-read keep awaiting the user', async () => {
      // api-gateway production: demo is in the Security group's rule and acme/platform's Maintainers; approved under
      // Security in the web meanwhile, the unnamed approval lands there again. Maintainers can still be named.
      const before = located(h, 'acme/platform/api-gateway', 'production');
      const security = myApprovalRules(before.view).find((rule) => rule.label.startsWith('Security'));
      assert.ok(security, JSON.stringify(myApprovalRules(before.view).map((r) => r.label)));
      assert.equal(h.sim.approve({ deployment: before.deployment.id, as: 'demo', representedAs: 'Security' }).ok, true);
      const outcome = await actOnDeployment(hostOf(h), before, {
        kind: 'approve',
        rules: [security],
        comment: 'from the editor',
        andRun: false,
      });
      assert.equal(outcome.kind, 'not-counted');
      const after = located(h, 'acme/platform/api-gateway', 'production').view;
      assert.equal(after.awaitingMe || after.mayAwaitMe, true);
      assert.deepEqual(
        myApprovalRules(after).map((rule) => rule.label.split(' — ')[0]),
        ['Maintainers'],
      );
    });

    it('a second action on a deployment while one is under way is not sent', async () => {
      const inFlight = new ActionsInFlight();
      const target = located(h, 'acme/platform/api-gateway', 'staging');
      const release = inFlight.claim(deploymentKey(target.view));
      const since = lastSeq(h);
      const outcome = await actOnDeployment(hostOf(h, inFlight), target, { kind: 'reject' });
      assert.equal(outcome.kind, 'busy');
      assert.deepEqual(routeCounts(h, since), {});
      release?.();
    });
  });

  describe('Set Required Approvals', () => {
    const h = loadedEngine({ sim: { scenario: 'demo' } });

    it('a change refused before any write (a count GitLab does not take) does not read the project again', async () => {
      const since = lastSeq(h);
      const outcome = await changeRequiredApprovals(
        hostOf(h),
        { instanceUrl: h.sim.url, projectId: 3, environmentName: 'production' },
        h.engine.snapshot().instances[0].capabilities!,
        { count: -1 },
        async () => true,
      );
      assert.equal(outcome.kind, 'failed');
      const routes = Object.keys(routeCounts(h, since));
      assert.ok(!routes.some((route) => route.startsWith('deployments.')), routes.join(', '));
    });
  });

  describe('follow-through (issue 21)', () => {
    const h = loadedEngine({ sim: { scenario: 'demo' } });

    it('hands the job a Run started to the follower; a refused Run hands nothing', async () => {
      const started: number[] = [];
      const host = { ...hostOf(h), onJobStarted: (_: unknown, job: { id: number }) => started.push(job.id) };
      const plain = located(h, 'acme/web/storefront', 'staging');
      const outcome = await actOnDeployment(host, plain, { kind: 'run' });
      assert.equal(outcome.kind, 'done');
      assert.deepEqual(started, [plain.deployment.deployable!.id]);
      const again = await actOnDeployment(host, plain, { kind: 'run' });
      assert.equal(again.kind, 'refused', 'Unplayable Job');
      assert.equal(started.length, 1);
    });

    it('retries a followed job that failed, once: a second Retry of the same job is refused by GitLab', async () => {
      const plain = located(h, 'acme/mobile-backend', 'staging');
      const job = h.sim.state.jobs.get(plain.deployment.deployable!.id)!;
      h.sim.state.setJobStatus(job, 'failed');
      const followed = followedJobOf(plain, { ...plain.deployment.deployable!, status: 'failed' }, 0);
      const since = lastSeq(h);
      const retried = await retryFollowedJob(hostOf(h), followed);
      assert.equal(retried.kind, 'done');
      assert.equal(retried.kind === 'done' && retried.value.status, 'pending');
      assert.deepEqual(routeCounts(h, since), { 'jobs.retry': 1 }, 'no re-read: the follower reads the new job');
      const twice = await retryFollowedJob(hostOf(h), followed);
      assert.equal(twice.kind, 'failed');
      assert.match(twice.kind === 'failed' ? String((twice.error as Error).message) : '', /forbidden|permission/i);
    });
  });
});
