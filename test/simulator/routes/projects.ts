// GET /projects (membership, min_access_level, search, offset and keyset pagination), GET and PUT /projects/:id.
import { projectLicensed } from '../approvalRules';
import type { SimContext } from '../context';
import { projectBasic, projectFull } from '../entities';
import { ApiRequest, forbidden, grapeError, json } from '../http';
import type { Project } from '../model';
import { paginate, pageLink, readPaging } from '../pagination';
import { Params } from '../params';
import { canSeeProject, effectiveProjectLevel, projectAccessLevel } from '../policy';
import { READ, Route, WRITE, loadProject } from './route';

const ORDER_BY = [
  'id',
  'name',
  'path',
  'created_at',
  'updated_at',
  'last_activity_at',
  'similarity',
  'star_count',
] as const;

function listProjects(ctx: SimContext, req: ApiRequest) {
  const p = new Params(req.params)
    .boolean('membership')
    .boolean('owned')
    .boolean('simple')
    .boolean('archived')
    .values('min_access_level', [10, 20, 30, 40, 50])
    .values('order_by', ORDER_BY)
    .values('sort', ['asc', 'desc'])
    .values('visibility', ['private', 'internal', 'public'])
    .values('pagination', ['offset', 'keyset'])
    .integer('id_after')
    .integer('id_before');
  p.check();
  const user = req.user;
  const orderBy = p.str('order_by') ?? 'created_at';
  const sort = p.str('sort') ?? 'desc';
  const keyset = p.str('pagination') === 'keyset';
  // Keyset pagination on /projects is only for order_by=id (docs/gitlab-behaviour.md#rate-limits-and-pagination); Grape error! gives {"error": …}.
  if (keyset && orderBy !== 'id')
    throw grapeError(405, 'Keyset pagination is not yet available for this type of request');

  let projects = [...ctx.state.projects.values()].filter((project) => canSeeProject(ctx, user, project));
  if (user && p.bool('membership'))
    projects = projects.filter((project) => projectAccessLevel(ctx, user, project) >= 10);
  if (user && p.bool('owned')) projects = projects.filter((project) => projectAccessLevel(ctx, user, project) >= 50);
  const minLevel = p.int('min_access_level');
  if (user && minLevel !== undefined)
    projects = projects.filter((project) => projectAccessLevel(ctx, user, project) >= minLevel);
  const search = p.str('search')?.toLowerCase();
  if (search) {
    const inNamespaces = p.bool('search_namespaces');
    projects = projects.filter((project) =>
      [
        project.name,
        project.path,
        project.description ?? '',
        inNamespaces ? ctx.state.projectFullPath(project) : '',
      ].some((text) => text.toLowerCase().includes(search)),
    );
  }
  const visibility = p.str('visibility');
  if (visibility) projects = projects.filter((project) => project.visibility === visibility);
  const archived = p.bool('archived');
  if (archived !== undefined) projects = projects.filter((project) => project.archived === archived);
  const idAfter = p.int('id_after');
  const idBefore = p.int('id_before');
  if (idAfter !== undefined) projects = projects.filter((project) => project.id > idAfter);
  if (idBefore !== undefined) projects = projects.filter((project) => project.id < idBefore);

  projects.sort((a, b) => compareProjects(ctx, a, b, orderBy) * (sort === 'asc' ? 1 : -1));
  const present = (project: Project) =>
    p.bool('simple') ? projectBasic(ctx, project) : projectFull(ctx, project, user);

  if (keyset) {
    // Keyset: a `link` rel="next" with id_after (asc) or id_before (desc), no x-total headers (docs/gitlab-behaviour.md#rate-limits-and-pagination).
    const { perPage } = readPaging(req);
    const items = projects.slice(0, perPage);
    const headers: Record<string, string> = {};
    if (projects.length > perPage) {
      const last = items[items.length - 1];
      const cursor: Record<string, string> =
        sort === 'asc' ? { id_after: String(last.id) } : { id_before: String(last.id) };
      headers.link = `<${pageLink(req, { ...cursor, per_page: String(perPage) }, ['id_after', 'id_before', 'page'])}>; rel="next"`;
    }
    return json(200, items.map(present), headers);
  }
  const page = paginate(req, projects);
  return json(200, page.items.map(present), page.headers);
}

function compareProjects(ctx: SimContext, a: Project, b: Project, orderBy: string): number {
  const byId = a.id - b.id;
  switch (orderBy) {
    case 'name':
      return a.name.localeCompare(b.name) || byId;
    case 'path':
      return ctx.state.projectFullPath(a).localeCompare(ctx.state.projectFullPath(b)) || byId;
    case 'created_at':
      return a.createdAt.localeCompare(b.createdAt) || byId;
    case 'updated_at':
    case 'last_activity_at':
      return a.lastActivityAt.localeCompare(b.lastActivityAt) || byId;
    default:
      return byId;
  }
}

export const projectRoutes: Route[] = [
  {
    name: 'projects.list',
    method: 'GET',
    pattern: /^\/projects$/,
    auth: 'optional',
    scopes: READ,
    handle: listProjects,
  },
  {
    name: 'projects.get',
    method: 'GET',
    pattern: /^\/projects\/(?<id>[^/]+)$/,
    auth: 'optional',
    scopes: READ,
    handle: (ctx, req, path) => json(200, projectFull(ctx, loadProject(ctx, req, path.id), req.user)),
  },
  {
    // Only the approval setting and the description: `allow_pipeline_trigger_approve_deployment` needs the license (docs/gitlab-behaviour.md#approving-and-rejecting).
    name: 'projects.update',
    method: 'PUT',
    pattern: /^\/projects\/(?<id>[^/]+)$/,
    auth: 'required',
    scopes: WRITE,
    handle: (ctx, req, path) => {
      const p = new Params(req.params)
        .boolean('allow_pipeline_trigger_approve_deployment')
        .boolean('ci_forward_deployment_enabled')
        .boolean('ci_forward_deployment_rollback_allowed');
      p.check();
      const project = loadProject(ctx, req, path.id);
      if (effectiveProjectLevel(ctx, req.user, project) < 40) throw forbidden();
      const allow = p.bool('allow_pipeline_trigger_approve_deployment');
      if (allow !== undefined && ctx.profile.hasSelfApprovalSetting && projectLicensed(ctx, project))
        project.allowPipelineTriggerApproveDeployment = allow;
      const forward = p.bool('ci_forward_deployment_enabled');
      if (forward !== undefined) project.ciForwardDeploymentEnabled = forward;
      const rollback = p.bool('ci_forward_deployment_rollback_allowed');
      if (rollback !== undefined) project.ciForwardDeploymentRollbackAllowed = rollback;
      const description = p.str('description');
      if (description !== undefined) project.description = description;
      project.lastActivityAt = ctx.state.now();
      return json(200, projectFull(ctx, project, req.user));
    },
  },
];
