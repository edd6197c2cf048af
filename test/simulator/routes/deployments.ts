// Deployments: list (Entities::Deployment, never approval fields), single (DeploymentExtended + EE approval fields) and
// POST …/approval through the approval service (docs/gitlab-behaviour.md#approving-and-rejecting, docs/gitlab-behaviour.md#deployments-api-and-the-approval-summary).
import { approveDeployment } from '../approvalService';
import { deploymentStatus } from '../approvalRules';
import type { SimContext } from '../context';
import { approvalEntity, deploymentEntity, deploymentExtendedEntity } from '../entities';
import { ApiRequest, badRequest, forbidden, json, messageError, notFound } from '../http';
import { DEPLOYMENT_STATUSES, Deployment, Project } from '../model';
import { paginate } from '../pagination';
import { Params } from '../params';
import { canReadDeployments } from '../policy';
import { READ, Route, WRITE, loadProject } from './route';

const ORDER_BY = ['id', 'iid', 'created_at', 'updated_at', 'finished_at'] as const;
const FINISHED = ['success', 'failed', 'canceled', 'skipped'];

function readableProject(ctx: SimContext, req: ApiRequest, rawId: string): Project {
  const project = loadProject(ctx, req, rawId);
  if (!canReadDeployments(ctx, req.user, project)) throw forbidden();
  return project;
}

function findDeployment(ctx: SimContext, project: Project, rawId: string): Deployment {
  const deployment = ctx.state.deployments.get(Number(rawId));
  if (!deployment || deployment.projectId !== project.id) throw notFound.record();
  return deployment;
}

/** DeploymentsFinder#validate! texts, in the finder's order (docs/gitlab-behaviour.md#deployments-api-and-the-approval-summary). */
function validateFinder(p: Params): void {
  const updated = p.str('updated_after') !== undefined || p.str('updated_before') !== undefined;
  const finished = p.str('finished_after') !== undefined || p.str('finished_before') !== undefined;
  const orderBy = p.str('order_by') ?? 'id';
  const status = p.str('status');
  if (updated && finished) throw badRequest('Both `updated_at` filter and `finished_at` filter can not be specified');
  if (updated && orderBy !== 'updated_at') throw badRequest('`updated_at` filter requires `updated_at` sort');
  if (finished && orderBy !== 'finished_at') throw badRequest('`finished_at` filter requires `finished_at` sort.');
  if (orderBy === 'finished_at' && !finished && !(status && FINISHED.includes(status))) {
    throw badRequest(
      '`finished_at` sort requires `finished_at` filter or a filter with at least one of the finished statuses.',
    );
  }
  if (finished && status !== 'success')
    throw badRequest('`finished_at` filter must be combined with `success` status filter.');
}

function listDeployments(ctx: SimContext, req: ApiRequest, path: Record<string, string>) {
  const p = new Params(req.params)
    .values('order_by', ORDER_BY)
    .values('sort', ['asc', 'desc'])
    .values('status', DEPLOYMENT_STATUSES);
  p.check();
  const project = readableProject(ctx, req, path.id);
  validateFinder(p);
  const status = p.str('status');
  const environmentName = p.str('environment');
  const orderBy = (p.str('order_by') ?? 'id') as (typeof ORDER_BY)[number];
  const direction = p.str('sort') === 'desc' ? -1 : 1;
  const bound = (name: string) => p.str(name);
  let deployments = ctx.state.deploymentsOf(project).filter((d) => {
    if (status !== undefined && deploymentStatus(ctx, d) !== status) return false;
    if (environmentName !== undefined && ctx.state.environments.get(d.environmentId)!.name !== environmentName)
      return false;
    if (bound('updated_after') && d.updatedAt <= new Date(bound('updated_after')!).toISOString()) return false;
    if (bound('updated_before') && d.updatedAt >= new Date(bound('updated_before')!).toISOString()) return false;
    if (bound('finished_after') && (!d.finishedAt || d.finishedAt <= new Date(bound('finished_after')!).toISOString()))
      return false;
    if (
      bound('finished_before') &&
      (!d.finishedAt || d.finishedAt >= new Date(bound('finished_before')!).toISOString())
    )
      return false;
    return true;
  });
  const key = (d: Deployment): string | number =>
    orderBy === 'id'
      ? d.id
      : orderBy === 'iid'
        ? d.iid
        : orderBy === 'created_at'
          ? d.createdAt
          : orderBy === 'updated_at'
            ? d.updatedAt
            : (d.finishedAt ?? '');
  deployments = [...deployments].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * direction;
  });
  const page = paginate(req, deployments);
  return json(
    200,
    page.items.map((d) => deploymentEntity(ctx, d)),
    page.headers,
  );
}

export const deploymentRoutes: Route[] = [
  {
    name: 'deployments.list',
    method: 'GET',
    pattern: /^\/projects\/(?<id>[^/]+)\/deployments$/,
    auth: 'required',
    scopes: READ,
    handle: listDeployments,
  },
  {
    name: 'deployments.get',
    method: 'GET',
    pattern: /^\/projects\/(?<id>[^/]+)\/deployments\/(?<deploymentId>[^/]+)$/,
    auth: 'required',
    scopes: READ,
    handle: (ctx, req, path) => {
      new Params({ deployment_id: path.deploymentId }).integer('deployment_id').check();
      const project = readableProject(ctx, req, path.id);
      return json(200, deploymentExtendedEntity(ctx, findDeployment(ctx, project, path.deploymentId)));
    },
  },
  {
    // Order (docs/gitlab-behaviour.md#approving-and-rejecting): 401 → Grape params (400 {"error"}) → 404 project → 403 read_deployment → 404 deployment → service.
    name: 'deployments.approve',
    method: 'POST',
    pattern: /^\/projects\/(?<id>[^/]+)\/deployments\/(?<deploymentId>[^/]+)\/approval$/,
    auth: 'required',
    scopes: WRITE,
    available: (profile) => profile.hasApprovalRoute,
    handle: (ctx, req, path) => {
      new Params({ ...req.params, deployment_id: path.deploymentId })
        .integer('deployment_id')
        .requires('status')
        .values('status', ['approved', 'rejected'])
        .check();
      const project = readableProject(ctx, req, path.id);
      const deployment = findDeployment(ctx, project, path.deploymentId);
      const p = new Params(req.params);
      const result = approveDeployment(ctx, {
        deployment,
        user: req.user!,
        status: p.str('status')!,
        comment: p.str('comment'),
        // `represented_as` is declared since 15.0; Grape drops undeclared params before that.
        representedAs: ctx.profile.hasApprovalRules ? p.str('represented_as') : undefined,
      });
      if (!result.ok) throw messageError(result.httpStatus, result.body.message);
      return json(201, approvalEntity(ctx, result.approval));
    },
  },
];
