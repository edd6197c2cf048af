// The edition and version differences the client must surface as typed errors (docs/gitlab-behaviour.md#versions-and-editions degradation matrix).
import * as assert from 'node:assert/strict';
import type { RejectedByGitLabError } from '../../../src/core/errors';
import { blockedDeploymentId, clientFor, projectIdOf, rejectsWithKind, requestsTo, useSimulator } from './helpers';

describe('GitLabClient across profiles (simulator)', () => {
  describe('ce', () => {
    const ctx = useSimulator({ profile: 'ce' });

    it('the approval route is absent → not-found', async () => {
      const client = clientFor(ctx.sim);
      const id = blockedDeploymentId(ctx.sim, 'acme/platform/api-gateway', 'staging');
      await rejectsWithKind(
        client.setApproval(projectIdOf(ctx.sim, 'acme/platform/api-gateway'), id, { status: 'approved' }),
        'not-found',
      );
    });

    it('protected environments are absent → not-found', async () => {
      await rejectsWithKind(
        clientFor(ctx.sim).protectedEnvironments(projectIdOf(ctx.sim, 'acme/platform/api-gateway')),
        'not-found',
      );
    });
  });

  describe('ee-unlicensed', () => {
    const ctx = useSimulator({ profile: 'ee-unlicensed' });

    it('approving → rejected with "This environment is not protected."', async () => {
      const client = clientFor(ctx.sim);
      const id = blockedDeploymentId(ctx.sim, 'acme/platform/api-gateway', 'staging');
      const error = (await rejectsWithKind(
        client.setApproval(projectIdOf(ctx.sim, 'acme/platform/api-gateway'), id, { status: 'approved' }),
        'rejected',
      )) as RejectedByGitLabError;
      assert.equal(error.status, 400);
      assert.equal(error.gitlabMessage, 'This environment is not protected.');
    });
  });

  describe('14.7 (no PUT on protected environments)', () => {
    const ctx = useSimulator({ profile: '14.7' });

    it('PUT answers 405 → rejected; DELETE then POST re-protects with the unified count', async () => {
      const client = clientFor(ctx.sim);
      const project = projectIdOf(ctx.sim, 'acme/platform/billing-service');
      const error = (await rejectsWithKind(
        client.updateProtectedEnvironment(project, 'production', { required_approval_count: 2 }),
        'rejected',
      )) as RejectedByGitLabError;
      assert.equal(error.status, 405);

      await client.unprotectEnvironment(project, 'production');
      const created = await client.protectEnvironment(project, {
        name: 'production',
        deploy_access_levels: [{ access_level: 40 }, { access_level: 30 }],
        required_approval_count: 2,
      });
      assert.equal(created.required_approval_count, 2);
      assert.deepEqual(created.deploy_access_levels.map((l) => l.access_level).sort(), [30, 40]);
      assert.equal(requestsTo(ctx.sim, 'protected_environments.delete', 'DELETE').length, 1);
    });
  });

  describe('15.4 (unified PUT)', () => {
    const ctx = useSimulator({ profile: '15.4' });

    it('PUT required_approval_count updates in place', async () => {
      const client = clientFor(ctx.sim);
      const project = projectIdOf(ctx.sim, 'acme/platform/billing-service');
      const result = await client.updateProtectedEnvironment(project, 'production', { required_approval_count: 3 });
      assert.equal(result.required_approval_count, 3);
    });
  });

  describe('latest (17+)', () => {
    const ctx = useSimulator({ profile: 'latest' });

    it('required_approval_count > 0 → GitLab 422 text surfaces as rejected', async () => {
      const client = clientFor(ctx.sim);
      const project = projectIdOf(ctx.sim, 'acme/platform/billing-service');
      const error = (await rejectsWithKind(
        client.updateProtectedEnvironment(project, 'production', { required_approval_count: 2 }),
        'rejected',
      )) as RejectedByGitLabError;
      assert.equal(error.status, 422);
      assert.match(error.gitlabMessage, /required_approval_count' is deprecated/);
      assert.match(error.userMessage, /required_approval_count' is deprecated/);
    });
  });
});
