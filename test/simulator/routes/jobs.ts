// GET /projects/:id/jobs/:job_id and POST …/play (docs/gitlab-behaviour.md#jobs-of-blocked-deployments): who may play is
// `canPlayJob` (403 first: not a deployer, or an outdated deployment); then a job waiting for approval is `400 Unplayable Job`.
// GET …/trace answers the whole log as text/plain, POST …/retry a new job (docs/gitlab-behaviour.md#following-a-job).
import { deploymentOfJob, environmentOf, jobPlayable, needsApproval } from '../approvalRules';
import { retryable, retryJob } from '../jobRunner';
import type { SimContext } from '../context';
import { jobEntity } from '../entities';
import { ApiRequest, badRequest, forbidden, json, messageError, notFound } from '../http';
import type { Job } from '../model';
import { Params } from '../params';
import { canPlayJob, canReadDeployments } from '../policy';
import { READ, Route, WRITE, loadProject } from './route';

function findJob(ctx: SimContext, req: ApiRequest, path: Record<string, string>): Job {
  new Params({ job_id: path.jobId }).integer('job_id').check();
  const project = loadProject(ctx, req, path.id);
  if (!canReadDeployments(ctx, req.user, project)) throw forbidden();
  const job = ctx.state.jobs.get(Number(path.jobId));
  if (!job || job.projectId !== project.id) throw notFound.record();
  return job;
}

export const jobRoutes: Route[] = [
  {
    name: 'jobs.trace',
    method: 'GET',
    pattern: /^\/projects\/(?<id>[^/]+)\/jobs\/(?<jobId>[^/]+)\/trace$/,
    auth: 'required',
    scopes: READ,
    // lib/api/ci/jobs.rb L110-124: `content_type 'text/plain'`, `build.trace.raw || ''`, all of it.
    handle: (ctx, req, path) => {
      const job = findJob(ctx, req, path);
      return {
        status: 200,
        text: job.log ?? '',
        contentType: 'text/plain',
        headers: { 'content-disposition': `infile; filename="${job.id}.log"` },
      };
    },
  },
  {
    name: 'jobs.retry',
    method: 'POST',
    pattern: /^\/projects\/(?<id>[^/]+)\/jobs\/(?<jobId>[^/]+)\/retry$/,
    auth: 'required',
    scopes: WRITE,
    // lib/api/ci/jobs.rb L172-193: `authorize!(:retry_job, job)` (the play abilities: Ci::JobAbilities), then
    // RetryJobService: 403 `Job is not retryable`, else 201 with the new job.
    handle: (ctx, req, path) => {
      const job = findJob(ctx, req, path);
      if (!canPlayJob(ctx, req.user, job)) throw forbidden();
      if (!retryable(job)) throw messageError(403, '403 Forbidden - Job is not retryable');
      const deployment = deploymentOfJob(ctx, job);
      const environment = deployment && environmentOf(ctx, deployment);
      const approval = environment ? needsApproval(ctx, environment) : false;
      const created = retryJob(ctx.state, job, req.user!, deployment, environment, approval);
      return json(201, jobEntity(ctx, created));
    },
  },
  {
    name: 'jobs.get',
    method: 'GET',
    pattern: /^\/projects\/(?<id>[^/]+)\/jobs\/(?<jobId>[^/]+)$/,
    auth: 'required',
    scopes: READ,
    handle: (ctx, req, path) => json(200, jobEntity(ctx, findJob(ctx, req, path))),
  },
  {
    name: 'jobs.play',
    method: 'POST',
    pattern: /^\/projects\/(?<id>[^/]+)\/jobs\/(?<jobId>[^/]+)\/play$/,
    auth: 'required',
    scopes: WRITE,
    handle: (ctx, req, path) => {
      const job = findJob(ctx, req, path);
      if (!canPlayJob(ctx, req.user, job)) throw forbidden();
      if (!jobPlayable(ctx, job)) throw badRequest('Unplayable Job');
      job.userId = req.user!.id;
      ctx.state.setJobStatus(job, 'pending');
      return json(200, jobEntity(ctx, job));
    },
  },
];
