// GET /projects/:id/jobs/:job_id and POST …/play (docs/gitlab-behaviour.md#jobs-of-blocked-deployments): who may play is
// `canPlayJob` (403 first: not a deployer, or an outdated deployment); then a job waiting for approval is `400 Unplayable Job`.
import { jobPlayable } from '../approvalRules';
import type { SimContext } from '../context';
import { jobEntity } from '../entities';
import { ApiRequest, badRequest, forbidden, json, notFound } from '../http';
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
