// The brief builder in plain Node, over real HTTP against the simulator's demo histories (see
// test/simulator/scenarios/demoHistory.ts) and histories built per test.
import * as assert from 'node:assert/strict';
import {
  briefSummary,
  buildDeploymentBrief,
  eligibleApprovers,
  RangeCache,
  usualRefOf,
  type DeploymentBrief,
} from '../../../src/core/brief';
import type { GitLabClient } from '../../../src/core/gitlab/client';
import {
  AccessLevel,
  type DeploymentListItem,
  type ProtectedEnvironmentApprovalRule,
} from '../../../src/core/gitlab/types';
import * as sinon from 'sinon';
import { clientFor, useSimulator } from '../client/helpers';
import { shippedHtml } from '../../../src/shell/deploymentPage/render';
import { ENGLISH_L10N } from '../support/englishL10n';

const noLinks = (_url: string | null | undefined, label: string) => label;

describe('deployment brief', () => {
  const holder = useSimulator();
  let client: GitLabClient;
  beforeEach(() => {
    client = clientFor(holder.sim);
  });

  async function brief(deploymentId: number, cache?: RangeCache): Promise<DeploymentBrief> {
    const projectId = holder.sim.state.deployments.get(deploymentId)!.projectId;
    const deployment = await client.deployment(projectId, deploymentId);
    holder.sim.clearLog();
    return buildDeploymentBrief(client, { projectId, deployment }, { cache });
  }

  function routeCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of holder.sim.requestLog.all()) counts[entry.route ?? '?'] = (counts[entry.route ?? '?'] ?? 0) + 1;
    return counts;
  }

  it('lists the commits since what is live (newest first), their merge requests and the changed files', async () => {
    const result = await brief(5);
    assert.equal(result.relation, 'forward');
    assert.equal(result.live?.iid, 1);
    assert.equal(result.live?.user?.username, 'bob');
    assert.equal(result.commits.total, 9);
    assert.equal(result.commits.shown[0].title, "Merge branch 'healthz' into 'main'");
    assert.equal(result.commits.shown[8].title, 'Add a token bucket per client IP');
    assert.deepEqual(
      result.mergeRequests.map((mr) => [mr.iid, mr.title, mr.author?.username]),
      [
        [4, 'Add a /healthz endpoint', 'dave'],
        [3, 'Refresh the logo and regenerate the route table', 'carol'],
        [2, 'Rate limit anonymous clients', 'bob'],
      ],
    );
    assert.equal(result.mergeRequestsComplete, true);
    assert.equal(result.files.count, 7);
    assert.equal(result.files.truncated, false);
    const logo = result.files.entries.find((f) => f.path === 'assets/logo.png')!;
    assert.deepEqual([logo.kind, logo.binary, logo.tooLarge, logo.collapsed], ['modified', true, false, false]);
    const generated = result.files.entries.find((f) => f.path === 'data/routes.generated.json')!;
    assert.deepEqual([generated.kind, generated.tooLarge, generated.collapsed], ['added', true, false]);
    assert.match(result.compareUrl!, /\/acme\/platform\/api-gateway\/-\/compare\//);
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(result.problems, []);
    assert.equal(briefSummary(result), '9 commits since live · 3 MRs');
  });

  it('costs a handful of requests: 3 reads in parallel, 2 compares, one lookup per mainline commit', async () => {
    await brief(5);
    assert.deepEqual(routeCounts(), {
      'environments.get': 1,
      'deployments.list': 1,
      'pipelines.jobs': 1,
      'repository.compare': 2,
      // The merges of !4, !3, !2 and the direct README commit; the branch commits behind the merges need no lookup.
      'repository.commits.merge_requests': 4,
    });
  });

  it('caches the range per (project, live sha, this sha): opening it again costs no compare', async () => {
    const cache = new RangeCache();
    await brief(5, cache);
    const again = await brief(5, cache);
    assert.equal(again.commits.total, 9);
    assert.deepEqual(routeCounts(), { 'environments.get': 1, 'deployments.list': 1, 'pipelines.jobs': 1 });
    // Deployment 6 goes to staging, where nothing is live: another key, and no compare at all.
    await brief(6, cache);
    assert.equal(routeCounts()['repository.compare'], undefined);
    assert.equal(cache.size, 2);
  });

  it('says there is nothing live to compare with on a first deployment, without comparing', async () => {
    const result = await brief(8);
    assert.equal(result.relation, 'first-deployment');
    assert.equal(result.live, undefined);
    assert.equal(routeCounts()['repository.compare'], undefined);
    assert.equal(briefSummary(result), 'first deployment to production');
  });

  it('warns when a newer deployment of the same environment is waiting or running (superseded)', async () => {
    const result = await brief(6);
    assert.equal(result.newer.length, 1);
    assert.deepEqual(
      result.warnings.map((w) => w.kind),
      ['superseded'],
    );
    assert.match(
      result.warnings[0].message,
      /^A newer deployment of staging is already running: #\d+ of main \([0-9a-f]{8}\)\. This one is superseded\.$/,
    );
  });

  it('warns that approving would roll back when what is live is newer than this commit', async () => {
    const result = await brief(10);
    assert.equal(result.relation, 'rollback');
    assert.equal(result.commits.total, 0);
    assert.equal(result.dropped.total, 2);
    assert.equal(result.dropped.shown[0].title, "Merge branch 'checkout-redesign' into 'main'");
    assert.deepEqual(
      result.warnings.map((w) => w.kind),
      ['rollback'],
    );
    assert.match(
      result.warnings[0].message,
      /is 2 commits newer than this deployment: running it would roll production back\.$/,
    );
    assert.equal(result.files.count, 1, 'the straight diff shows what would change back');
    assert.equal(briefSummary(result), 'rolls back 2 commits · 1 warning');
  });

  it('warns about failed jobs in the pipeline, saying which were allowed to fail', async () => {
    const result = await brief(7);
    assert.deepEqual(
      result.warnings.map((w) => w.message),
      ['The pipeline has 1 failed job: dependency_scanning (allowed to fail).'],
    );
    assert.equal(result.commits.total, 3);
    assert.equal(briefSummary(result), '3 commits since live · 1 MR · 1 warning');
  });

  describe('on histories built for the test', () => {
    const state = () => holder.sim.state;
    const project = () => state().findProject('acme/mobile-backend')!;
    const environment = () => state().findEnvironment(project(), 'testing')!;

    function commits(count: number, title: string, branch = 'main'): string {
      let sha = '';
      for (let i = 0; i < count; i++) {
        sha = state().repository.commit({
          project: project(),
          branch,
          title: `${title} ${i + 1}`,
          author: state().user('bob'),
          at: new Date(Date.parse('2026-02-10T00:00:00.000Z') + i * 60_000).toISOString(),
          files: { [`notes/${title}-${i}.md`]: `${i}\n` },
        }).sha;
      }
      return sha;
    }

    function deploy(sha: string, ref: string, jobStatus: 'success' | 'manual'): DeploymentListItem {
      const { deployment } = state().addDeployment({
        project: project(),
        environment: environment(),
        triggeredBy: state().user('bob'),
        ref,
        sha,
        jobStatus,
      });
      return { id: deployment.id } as DeploymentListItem;
    }

    async function briefOf(id: number): Promise<DeploymentBrief> {
      return brief(id);
    }

    it('bounds a long range: 20 commits shown of 30, merge requests looked up for the newest 8 only', async () => {
      const live = commits(1, 'base');
      deploy(live, 'main', 'success');
      const head = commits(30, 'long');
      const target = deploy(head, 'main', 'manual');
      const result = await briefOf(target.id);
      assert.deepEqual([result.commits.shown.length, result.commits.total], [20, 30]);
      assert.equal(result.commits.shown[0].title, 'long 30');
      assert.equal(result.mergeRequestsComplete, false);
      assert.equal(routeCounts()['repository.commits.merge_requests'], 8);
      assert.equal(briefSummary(result), '30 commits since live · 0+ MRs');
    });

    /** A commit on `main` changing `count` numbered files, a second one that changes the first `big` files widely. */
    function manyFiles(count: number, title: string): string {
      return state().repository.commit({
        project: project(),
        title,
        author: state().user('bob'),
        at: '2026-02-11T00:00:00.000Z',
        files: Object.fromEntries(
          Array.from({ length: count }, (_, i) => [`gen/${title}-${String(i).padStart(4, '0')}.txt`, `${i}\n`]),
        ),
      }).sha;
    }

    it('counts every file GitLab lists and marks those it collapsed (past the 100th), which are not too large', async () => {
      deploy(commits(1, 'before-collapse'), 'main', 'success');
      const result = await briefOf(deploy(manyFiles(120, 'collapse'), 'main', 'manual').id);
      assert.deepEqual([result.files.count, result.files.truncated], [120, false]);
      assert.deepEqual(
        [result.files.entries[99], result.files.entries[100]].map((f) => [f.collapsed, f.tooLarge, f.binary]),
        [
          [false, false, false],
          [true, false, false],
        ],
      );
      assert.match(shippedHtml(result, 0, noLinks, ENGLISH_L10N), /120 files changed/);
    });

    it('says "1000+ files" when GitLab stopped listing at its limit, never a false exact count', async () => {
      deploy(commits(1, 'before-overflow'), 'main', 'success');
      const result = await briefOf(deploy(manyFiles(1001, 'overflow'), 'main', 'manual').id);
      assert.deepEqual([result.files.count, result.files.truncated], [1000, true]);
      const html = shippedHtml(result, 0, noLinks, ENGLISH_L10N);
      assert.match(html, /1,?000\+ files changed/);
      assert.doesNotMatch(html, /1,?00[01] files changed/);
    });

    it('says when live and this deployment are the same commit', async () => {
      const sha = commits(1, 'same');
      deploy(sha, 'main', 'success');
      const result = await briefOf(deploy(sha, 'main', 'manual').id);
      assert.equal(result.relation, 'same-commit');
      assert.equal(briefSummary(result), 'same commit as live');
    });

    it('warns when the lines diverged (live has commits this one lacks) and when the branch is unusual', async () => {
      const base = commits(1, 'trunk');
      deploy(base, 'main', 'success');
      deploy(base, 'main', 'success');
      const live = commits(2, 'hotfix-on-main');
      deploy(live, 'main', 'success');
      state().repository.commit({
        project: project(),
        branch: 'experiment',
        parents: [base],
        title: 'Try something',
        author: state().user('carol'),
        at: '2026-02-10T05:00:00.000Z',
        files: { 'src/experiment.ts': 'export {};\n' },
      });
      const head = state().repository.branchHead(project(), 'experiment')!;
      const result = await briefOf(deploy(head, 'experiment', 'manual').id);
      assert.equal(result.relation, 'diverged');
      assert.deepEqual([result.commits.total, result.dropped.total], [1, 2]);
      assert.equal(result.usualRef, 'main');
      assert.deepEqual(
        result.warnings.map((w) => w.kind),
        ['diverged', 'unusual-branch'],
      );
      assert.equal(
        result.warnings[1].message,
        'testing is usually deployed from main; this deployment is from experiment.',
      );
    });

    it('keeps what it could read when a part fails, and says which part', async () => {
      const live = commits(1, 'fault-base');
      deploy(live, 'main', 'success');
      const target = deploy(commits(1, 'fault-head'), 'main', 'manual');
      holder.sim.faults.add({ kind: 'status', status: 500, route: 'repository.compare' });
      const result = await briefOf(target.id);
      assert.equal(result.live?.sha, live);
      assert.equal(result.problems.length, 1);
      assert.match(result.problems[0], /^The commits since what is live could not be read: /);
      assert.equal(result.rangeKnown, false);
      assert.equal(briefSummary(result), 'what it ships could not be read', 'not "0 commits since live · 0 MRs"');
    });

    it('does not call a deployment the first when what is live could not be read', async () => {
      deploy(commits(1, 'unread-base'), 'main', 'success');
      const target = deploy(commits(1, 'unread-head'), 'main', 'manual');
      holder.sim.faults.add({ kind: 'status', status: 404, route: 'environments.get' });
      const result = await briefOf(target.id);
      assert.equal(result.rangeKnown, false);
      assert.equal(briefSummary(result), 'what it ships could not be read');
      assert.match(result.problems[0], /^What is live could not be read: /);
    });
  });

  it('knows the usual ref only when enough successful deployments agree', () => {
    const d = (ref: string, status = 'success') => ({ ref, status }) as DeploymentListItem;
    assert.equal(usualRefOf([d('main'), d('main'), d('main')], 3), 'main');
    assert.equal(usualRefOf([d('main'), d('main')], 3), undefined);
    assert.equal(usualRefOf([d('main'), d('main'), d('release')], 3), undefined);
    assert.equal(usualRefOf([d('main'), d('main'), d('main'), d('x', 'failed')], 3), 'main');
  });

  describe('who can approve', () => {
    it('names the people of each rule: the user, the group’s members, the project members at the role', async () => {
      const detail = await client.deployment(1, 5);
      const rules = detail.approval_summary!.rules;
      const approvers = await eligibleApprovers(client, 1, rules);
      const byLabel = Object.fromEntries(
        rules.map((rule, i) => [rule.access_level_description, approvers[i].people.map((p) => p.username).sort()]),
      );
      assert.deepEqual(byLabel.Security, ['carol', 'demo']);
      assert.deepEqual(byLabel.Maintainers, ['alice', 'demo']);
      assert.equal(approvers[0].total, 2);
    });

    it('says a group is not visible instead of failing', async () => {
      const approvers = await eligibleApprovers(
        clientFor(holder.sim, { token: async () => holder.sim.tokenFor('gina') }),
        1,
        [
          {
            id: 99,
            user_id: null,
            group_id: holder.sim.state.findGroupByPath('qa')!.id,
            access_level: null,
            access_level_description: 'QA',
            required_approvals: 1,
            group_inheritance_type: 0,
          },
        ],
      );
      assert.deepEqual(approvers[0], { ruleId: 99, people: [], note: 'not visible to you' });
    });

    it('reads no project members for a rule of administrators only, and names a user rule’s user', async () => {
      const rule = {
        user_id: null,
        group_id: null,
        access_level_description: null,
        required_approvals: 1,
        group_inheritance_type: null,
      };
      const rules: ProtectedEnvironmentApprovalRule[] = [
        { ...rule, id: 1, access_level: AccessLevel.admin },
        { ...rule, id: 2, user_id: 42, access_level: null },
      ];
      const projectMembers = sinon.spy(client, 'projectMembers');
      try {
        const approvers = await eligibleApprovers(client, 1, rules);
        assert.equal(projectMembers.callCount, 0);
        assert.deepEqual(approvers, [
          { ruleId: 1, people: [], note: 'the instance’s administrators' },
          { ruleId: 2, people: [{ name: 'User 42', username: '' }], total: 1 },
        ]);
      } finally {
        projectMembers.restore();
      }
    });
  });
});
