// Where the instance lives and how big it is: bounded pagination, a sub-path instance, HTTPS with the simulator's own CA.
import * as assert from 'node:assert/strict';
import { AccessLevel } from '../../../src/core/gitlab/types';
import type { TlsError } from '../../../src/core/errors';
import { clientFor, rejectsWithKind, requestsTo, useSimulator } from './helpers';

describe('GitLabClient instance set-ups (simulator)', () => {
  describe('bounded pagination', () => {
    // 250 projects, one group: more than maxPages × 100.
    const ctx = useSimulator({
      scenario: { projects: 250, environmentsPerProject: 0, blockedPerProject: 0, projectsPerGroup: 250 },
    });

    it('memberProjects stops at maxProjectPages pages', async () => {
      const projects = await clientFor(ctx.sim, { maxProjectPages: 2 }).memberProjects(AccessLevel.developer);
      assert.equal(projects.length, 200);
      assert.equal(requestsTo(ctx.sim, 'projects.list').length, 2);
    });

    it('without a tight bound it reads every page', async () => {
      const projects = await clientFor(ctx.sim, { maxProjectPages: 20 }).memberProjects(AccessLevel.developer);
      assert.equal(projects.length, 250);
      assert.equal(new Set(projects.map((p) => p.id)).size, 250);
      assert.equal(requestsTo(ctx.sim, 'projects.list').length, 3);
    });
  });

  describe('sub-path instance (/gitlab)', () => {
    const ctx = useSimulator({ basePath: '/gitlab' });

    it('requests go below the base path and work', async () => {
      const client = clientFor(ctx.sim);
      assert.ok(ctx.sim.url.endsWith('/gitlab'));
      assert.equal((await client.currentUser()).username, 'demo');
      const [project] = await client.memberProjects(AccessLevel.developer);
      assert.ok(project);
      await client.blockedDeployments(project.id);
      const paths = ctx.sim.requestLog.all().map((e) => e.path);
      assert.ok(
        paths.every((p) => p.startsWith('/gitlab/api/v4/')),
        paths.join(', '),
      );
      assert.ok(ctx.sim.requestLog.all().every((e) => e.status === 200));
    });
  });

  describe('HTTPS with a self-signed certificate', () => {
    const ctx = useSimulator({ https: true });

    it('works when the simulator certificate is given as caPem', async () => {
      assert.ok(ctx.sim.url.startsWith('https://'));
      assert.equal((await clientFor(ctx.sim, { caPem: ctx.sim.caPem }).currentUser()).username, 'demo');
    });

    it('fails with a tls error (self-signed) without it, before any request is served', async () => {
      const error = (await rejectsWithKind(clientFor(ctx.sim, { caPem: undefined }).currentUser(), 'tls')) as TlsError;
      assert.equal(error.problem, 'self-signed');
      assert.match(error.userMessage, /gitlabApprovals\.caFile/);
      assert.equal(ctx.sim.requestLog.length, 0);
    });
  });
});
