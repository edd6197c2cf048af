import * as assert from 'node:assert/strict';
import type { Simulator } from '../../simulator';
import { startSimulator } from '../../simulator';
import { api } from './helpers';
import { SCHEMA, SchemaValidator } from './schemas';

// The repository reads a deployment brief makes, in GitLab's shapes (validated against GitLab's schemas) and texts.
describe('simulator: repository, pipeline jobs and member lists', () => {
  let sim: Simulator;
  let validator: SchemaValidator;
  before(async () => {
    sim = await startSimulator({ scenario: 'demo' });
    validator = new SchemaValidator();
  });
  after(() => sim.close());

  const sha = (deploymentId: number) => sim.state.deployments.get(deploymentId)!.sha;

  it('points every demo deployment at a real commit, no two blocked ones at the same commit', () => {
    const deployments = [...sim.state.deployments.values()];
    for (const d of deployments)
      assert.ok(sim.state.repository.get(sim.state.projects.get(d.projectId)!, d.sha), `#${d.id}`);
    const blocked = deployments.filter((d) => sim.state.jobOf(d)?.status === 'manual').map((d) => d.sha.slice(0, 8));
    assert.equal(new Set(blocked).size, blocked.length);
  });

  describe('GET /projects/:id/repository/compare', () => {
    it('lists the commits from one sha to another, oldest first, with the changed files and a compare link', async () => {
      const reply = await api(sim, `/projects/1/repository/compare?from=${sha(1)}&to=${sha(5)}&straight=true`);
      assert.equal(reply.status, 200);
      assert.deepEqual(Object.keys(reply.body), [
        'commit',
        'commits',
        'diffs',
        'compare_timeout',
        'compare_same_ref',
        'web_url',
      ]);
      validator.assert(SCHEMA.commits, reply.body.commits);
      const titles = reply.body.commits.map((c: { title: string }) => c.title);
      assert.equal(titles.length, 9);
      assert.equal(titles[0], 'Add a token bucket per client IP');
      assert.equal(titles[titles.length - 1], "Merge branch 'healthz' into 'main'");
      assert.equal(reply.body.commit.id, sha(5), '`commit` is the last one');
      assert.equal(reply.body.compare_same_ref, false);
      assert.equal(reply.body.compare_timeout, false);
      assert.match(reply.body.web_url, /\/acme\/platform\/api-gateway\/-\/compare\/[0-9a-f]{40}\.\.[0-9a-f]{40}$/);
      const byPath = Object.fromEntries(reply.body.diffs.map((d: { new_path: string }) => [d.new_path, d]));
      assert.deepEqual(Object.keys(byPath).sort(), [
        'README.md',
        'assets/logo.png',
        'config/production.yml',
        'data/routes.generated.json',
        'src/health.ts',
        'src/rateLimit.ts',
        'src/routes.ts',
      ]);
      assert.equal(byPath['assets/logo.png'].diff, 'Binary files a/assets/logo.png and b/assets/logo.png differ\n');
      assert.equal(byPath['data/routes.generated.json'].too_large, true);
      assert.equal(byPath['data/routes.generated.json'].diff, '');
      assert.equal(byPath['src/health.ts'].new_file, true);
      assert.equal(byPath['src/health.ts'].a_mode, '0');
      assert.match(byPath['README.md'].diff, /^@@ -2,4 \+2,4 @@\n/);
      assert.match(byPath['README.md'].diff, /\n-Run it with `npm start`\.\n\+Start it with `npm start`\.\n/);
    });

    it('answers no commits for an ancestor (what is live is newer), and the reverse direction lists them', async () => {
      const back = await api(sim, `/projects/4/repository/compare?from=${sha(3)}&to=${sha(10)}`);
      assert.deepEqual([back.body.commits.length, back.body.diffs.length, back.body.commit], [0, 0, null]);
      const forward = await api(sim, `/projects/4/repository/compare?from=${sha(10)}&to=${sha(3)}`);
      assert.equal(forward.body.commits.length, 2);
    });

    it('says when both refs are the same commit, and accepts branch names', async () => {
      const same = await api(sim, `/projects/1/repository/compare?from=${sha(5)}&to=${sha(5)}`);
      assert.equal(same.body.compare_same_ref, true);
      assert.deepEqual(same.body.commits, []);
      const branch = await api(sim, `/projects/1/repository/compare?from=${sha(5)}&to=main`);
      assert.equal(branch.body.commits.length, 3);
    });

    it("answers GitLab's errors: a missing parameter, an unknown ref, a Guest on a private project", async () => {
      assert.deepEqual((await api(sim, '/projects/1/repository/compare?from=main')).body, { error: 'to is missing' });
      const unknown = await api(sim, '/projects/1/repository/compare?from=main&to=no-such-branch');
      assert.deepEqual([unknown.status, unknown.body], [404, { message: '404 Ref Not Found' }]);
      const guest = await api(sim, `/projects/4/repository/compare?from=main&to=main`, { token: sim.tokenFor('gina') });
      assert.equal(guest.status, 403);
    });
  });

  // Gitaly's diff parser and GitLab's Gitlab::Git::Diff at the default application settings (diff_max_files 1000,
  // diff_max_lines 50,000, diff_max_patch_bytes 200 KB); see docs/gitlab-behaviour.md#compare-results-gitlab-collapses.
  describe("GitLab's diff limits on GET /projects/:id/repository/compare", () => {
    let branches = 0;
    /** Compares a commit with no files to one with `files`, on a branch of their own. */
    const compareOf = async (files: Record<string, string>) => {
      const project = sim.state.findProject('demo/dotfiles')!;
      const demo = sim.state.user('demo');
      const branch = `limits-${++branches}`;
      const start = sim.state.repository.commit({
        project,
        branch,
        title: 'Start',
        author: demo,
        at: '2026-01-01T00:00:00.000Z',
      });
      const change = sim.state.repository.commit({
        project,
        branch,
        title: 'Change',
        author: demo,
        at: '2026-01-02T00:00:00.000Z',
        files,
      });
      const reply = await api(sim, `/projects/${project.id}/repository/compare?from=${start.sha}&to=${change.sha}`);
      assert.equal(reply.status, 200);
      return reply.body as {
        diffs: { new_path: string; diff: string; collapsed?: boolean; too_large?: boolean }[];
        compare_timeout: boolean;
      };
    };
    const numbered = (count: number, prefix = 'f') =>
      Object.fromEntries(
        Array.from({ length: count }, (_, i) => [`${prefix}${String(i).padStart(4, '0')}.txt`, `${i}\n`]),
      );
    const lines = (count: number) => Array.from({ length: count }, (_, i) => `line ${i}`).join('\n') + '\n';

    it('lists every file up to 1,000; beyond the 100th each comes collapsed with an empty diff, and nothing is cut', async () => {
      const body = await compareOf(numbered(120));
      assert.equal(body.diffs.length, 120);
      assert.equal(body.compare_timeout, false);
      assert.deepEqual(
        body.diffs.slice(0, 100).map((d) => [d.collapsed, d.too_large, d.diff === '']),
        Array.from({ length: 100 }, () => [false, false, false]),
      );
      assert.deepEqual(
        body.diffs.slice(100).map((d) => [d.collapsed, d.too_large, d.diff]),
        Array.from({ length: 20 }, () => [true, false, '']),
      );
    });

    it('stops at 1,000 files and sets compare_timeout: the 1,001st is not listed', async () => {
      const body = await compareOf(numbered(1001));
      assert.equal(body.diffs.length, 1000);
      assert.equal(body.compare_timeout, true);
      assert.equal(body.diffs[999].new_path, 'f0999.txt');
    });

    it('collapses a patch of 20 KB or more (10% of the patch limit), except in the first file', async () => {
      const big = lines(3000); // ~30 KB of patch, 3,000 lines
      const second = await compareOf({ 'a.txt': 'a\n', 'b.txt': big });
      assert.deepEqual(
        second.diffs.map((d) => [d.new_path, d.collapsed, d.too_large, d.diff === '']),
        [
          ['a.txt', false, false, false],
          ['b.txt', true, false, true],
        ],
      );
      const first = await compareOf({ 'b.txt': big, 'c.txt': 'c\n' });
      assert.deepEqual(
        first.diffs.map((d) => [d.new_path, d.collapsed, d.diff === '']),
        [
          ['b.txt', false, false],
          ['c.txt', false, false],
        ],
      );
    });

    it('collapses the file that takes the diff over 5,000 lines, and counts the files after it without it', async () => {
      const body = await compareOf({ 'a.txt': lines(6000), 'b.txt': lines(10) });
      assert.deepEqual(
        body.diffs.map((d) => [d.new_path, d.collapsed, d.diff === '']),
        [
          ['a.txt', true, true],
          ['b.txt', false, false],
        ],
      );
      assert.equal(body.compare_timeout, false);
    });

    it('empties a patch of 200 KB or more and marks it too_large, not collapsed', async () => {
      const wide = Array.from({ length: 2000 }, (_, i) => `${i} ${'x'.repeat(120)}`).join('\n') + '\n';
      const body = await compareOf({ 'wide.txt': wide });
      assert.deepEqual(
        body.diffs.map((d) => [d.collapsed, d.too_large, d.diff]),
        [[false, true, '']],
      );
    });

    it('has no collapsed or too_large keys before GitLab 18.4', async () => {
      sim.setProfile('16.x');
      try {
        const body = await compareOf(numbered(101));
        assert.equal(body.diffs.length, 101);
        assert.equal('collapsed' in body.diffs[100] || 'too_large' in body.diffs[100], false);
        assert.equal(body.diffs[100].diff, '', 'the 101st file still comes without its diff');
      } finally {
        sim.setProfile('latest');
      }
    });
  });

  describe('GET /projects/:id/repository/commits/:sha/merge_requests', () => {
    it('finds the merge request of a commit on its branch and of its merge commit (merge_requests.json)', async () => {
      const compare = await api(sim, `/projects/1/repository/compare?from=${sha(1)}&to=${sha(5)}`);
      const [branchCommit] = compare.body.commits;
      const mergeCommit = compare.body.commits[compare.body.commits.length - 1];
      const ofBranch = await api(sim, `/projects/1/repository/commits/${branchCommit.id}/merge_requests`);
      assert.equal(ofBranch.status, 200);
      validator.assert(SCHEMA.mergeRequests, ofBranch.body);
      assert.deepEqual(
        ofBranch.body.map((mr: { title: string; state: string }) => [mr.title, mr.state]),
        [['Rate limit anonymous clients', 'merged']],
      );
      const ofMerge = await api(sim, `/projects/1/repository/commits/${mergeCommit.id}/merge_requests`);
      assert.equal(ofMerge.body[0].title, 'Add a /healthz endpoint');
      assert.equal(ofMerge.body[0].merge_commit_sha, mergeCommit.id);
      assert.match(ofMerge.body[0].web_url, /\/acme\/platform\/api-gateway\/-\/merge_requests\/4$/);
      assert.equal(ofMerge.body[0].author.username, 'dave');
    });

    it('answers an empty list for a commit outside any merge request, and 404 Commit Not Found', async () => {
      const compare = await api(sim, `/projects/1/repository/compare?from=${sha(1)}&to=${sha(5)}`);
      const typo = compare.body.commits.find((c: { title: string }) => c.title === 'Fix a typo in the README');
      assert.deepEqual((await api(sim, `/projects/1/repository/commits/${typo.id}/merge_requests`)).body, []);
      const missing = await api(sim, `/projects/1/repository/commits/${'0'.repeat(40)}/merge_requests`);
      assert.deepEqual([missing.status, missing.body], [404, { message: '404 Commit Not Found' }]);
    });
  });

  describe('GET /projects/:id/repository/files/:file_path/raw', () => {
    it('serves a file at a sha, the path being one URL-encoded segment', async () => {
      const before = await api(
        sim,
        `/projects/1/repository/files/${encodeURIComponent('README.md')}/raw?ref=${sha(1)}`,
      );
      assert.equal(before.status, 200);
      assert.match(before.headers.get('content-type')!, /^text\/plain/);
      assert.match(before.text, /Run it with/);
      const after = await api(
        sim,
        `/projects/1/repository/files/${encodeURIComponent('src/health.ts')}/raw?ref=${sha(5)}`,
      );
      assert.match(after.text, /status: 'ok'/);
      assert.equal(after.headers.get('x-gitlab-file-path'), 'src/health.ts');
    });

    it('answers 404 File Not Found for a path missing at that sha, and 404 Commit Not Found for an unknown ref', async () => {
      const missing = await api(
        sim,
        `/projects/1/repository/files/${encodeURIComponent('src/health.ts')}/raw?ref=${sha(1)}`,
      );
      assert.deepEqual([missing.status, missing.body], [404, { message: '404 File Not Found' }]);
      const unknown = await api(sim, `/projects/1/repository/files/README.md/raw?ref=nope`);
      assert.deepEqual(unknown.body, { message: '404 Commit Not Found' });
      const slash = await api(sim, `/projects/1/repository/files/src/health.ts/raw?ref=${sha(5)}`);
      assert.equal(slash.status, 404, 'an unencoded slash is not the route');
    });
  });

  describe('GET /projects/:id/pipelines/:pipeline_id/jobs', () => {
    it('lists a pipeline’s jobs, newest first, filtered by scope[] (job.json)', async () => {
      const job = sim.state.jobOf(sim.state.deployments.get(7)!)!;
      const all = await api(sim, `/projects/2/pipelines/${job.pipelineId}/jobs`);
      assert.deepEqual(
        all.body.map((j: { name: string }) => j.name),
        ['dependency_scanning', 'build', 'deploy_production'],
      );
      for (const item of all.body) validator.assert(SCHEMA.job, item);
      const failed = await api(sim, `/projects/2/pipelines/${job.pipelineId}/jobs?scope[]=failed`);
      assert.deepEqual(
        failed.body.map((j: { name: string; allow_failure: boolean }) => [j.name, j.allow_failure]),
        [['dependency_scanning', true]],
      );
      const bad = await api(sim, `/projects/2/pipelines/${job.pipelineId}/jobs?scope[]=nope`);
      assert.deepEqual([bad.status, bad.body], [400, { error: 'scope does not have a valid value' }]);
      assert.equal((await api(sim, `/projects/1/pipelines/${job.pipelineId}/jobs`)).status, 404);
    });
  });

  describe('member lists', () => {
    it('lists a group’s direct members, and with ancestors’ members on /all (members.json)', async () => {
      const web = sim.state.findGroupByPath('acme/web')!.id;
      const direct = await api(sim, `/groups/${web}/members`);
      validator.assert(SCHEMA.members, direct.body);
      assert.deepEqual(direct.body.map((m: { username: string }) => m.username).sort(), [
        'bob',
        'carol',
        'erin',
        'gina',
      ]);
      const all = await api(sim, `/groups/${web}/members/all`);
      assert.deepEqual(all.body.map((m: { username: string }) => m.username).sort(), [
        'alice',
        'bob',
        'carol',
        'demo',
        'erin',
        'gina',
      ]);
    });

    it('lists a project’s members with their highest level, paginated with a total', async () => {
      const reply = await api(sim, '/projects/1/members/all?per_page=2');
      validator.assert(SCHEMA.members, reply.body);
      assert.equal(reply.body.length, 2);
      const everyone = await api(sim, '/projects/1/members/all?per_page=100');
      assert.equal(reply.headers.get('x-total'), String(everyone.body.length));
      const levels = Object.fromEntries(
        everyone.body.map((m: { username: string; access_level: number }) => [m.username, m.access_level]),
      );
      assert.equal(levels.demo, 40, 'Maintainer of acme/platform');
      assert.equal(levels.carol, 30, 'Security is invited with Developer, capping her Maintainer role');
    });
  });
});
