// GET /projects/:id/environments and /environments/:environment_id (docs/gitlab-behaviour.md#environments-api).
import { environmentEntity } from '../entities';
import { badRequest, forbidden, json, notFound } from '../http';
import { paginate } from '../pagination';
import { Params } from '../params';
import { canReadDeployments } from '../policy';
import { READ, Route, loadProject } from './route';

export const environmentRoutes: Route[] = [
  {
    name: 'environments.list',
    method: 'GET',
    pattern: /^\/projects\/(?<id>[^/]+)\/environments$/,
    auth: 'required',
    scopes: READ,
    handle: (ctx, req, path) => {
      const p = new Params(req.params)
        .mutuallyExclusive('name', 'search')
        .values('states', ['available', 'stopping', 'stopped']);
      p.check();
      const project = loadProject(ctx, req, path.id);
      if (!canReadDeployments(ctx, req.user, project)) throw forbidden();
      const search = p.str('search');
      if (search !== undefined && search.length < 3) throw badRequest('Search query is less than 3 characters');
      let environments = [...ctx.state.environmentsOf(project)];
      const name = p.str('name');
      if (name !== undefined) environments = environments.filter((e) => e.name === name);
      if (search !== undefined)
        environments = environments.filter((e) => e.name.toLowerCase().includes(search.toLowerCase()));
      const states = p.str('states');
      if (states !== undefined) environments = environments.filter((e) => e.state === states);
      const page = paginate(req, environments);
      return json(
        200,
        page.items.map((e) => environmentEntity(ctx, e, { withProject: true })),
        page.headers,
      );
    },
  },
  {
    name: 'environments.get',
    method: 'GET',
    pattern: /^\/projects\/(?<id>[^/]+)\/environments\/(?<environmentId>[^/]+)$/,
    auth: 'required',
    scopes: READ,
    handle: (ctx, req, path) => {
      new Params({ environment_id: path.environmentId }).integer('environment_id').check();
      const project = loadProject(ctx, req, path.id);
      if (!canReadDeployments(ctx, req.user, project)) throw forbidden();
      const environment = ctx.state.environments.get(Number(path.environmentId));
      if (!environment || environment.projectId !== project.id) throw notFound.record();
      return json(200, environmentEntity(ctx, environment, { withLastDeployment: true }));
    },
  },
];
