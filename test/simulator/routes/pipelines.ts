// `GET /projects/:id/pipelines/:pipeline_id/jobs` (GitLab's lib/api/ci/pipelines.rb): a pipeline's jobs, newest first,
// optionally filtered by `scope` / `scope[]` (job statuses).
import { jobEntity } from '../entities';
import { forbidden, grapeError, json } from '../http';
import { paginate } from '../pagination';
import { Params } from '../params';
import { canReadDeployments } from '../policy';
import { notFound } from '../http';
import { READ, Route, loadProject } from './route';

const JOB_STATUSES = [
  'created',
  'waiting_for_resource',
  'preparing',
  'waiting_for_callback',
  'pending',
  'running',
  'success',
  'failed',
  'canceled',
  'canceling',
  'skipped',
  'manual',
  'scheduled',
];

export const pipelineRoutes: Route[] = [
  {
    name: 'pipelines.jobs',
    method: 'GET',
    pattern: /^\/projects\/(?<id>[^/]+)\/pipelines\/(?<pipelineId>[^/]+)\/jobs$/,
    auth: 'optional',
    scopes: READ,
    handle: (ctx, req, path) => {
      new Params({ pipeline_id: path.pipelineId }).integer('pipeline_id').check();
      const scopes = [...req.query.getAll('scope[]'), ...req.query.getAll('scope')];
      if (scopes.some((s) => !JOB_STATUSES.includes(s))) throw grapeError(400, 'scope does not have a valid value');
      const project = loadProject(ctx, req, path.id);
      if (!canReadDeployments(ctx, req.user, project)) throw forbidden();
      const pipeline = ctx.state.pipelines.get(Number(path.pipelineId));
      if (!pipeline || pipeline.projectId !== project.id) throw notFound.record();
      const jobs = [...ctx.state.jobs.values()]
        .filter((job) => job.pipelineId === pipeline.id && (scopes.length === 0 || scopes.includes(job.status)))
        .sort((a, b) => b.id - a.id);
      const page = paginate(req, jobs);
      return json(
        200,
        page.items.map((job) => jobEntity(ctx, job)),
        page.headers,
      );
    },
  },
];
