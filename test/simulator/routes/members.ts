// Member lists (GitLab's lib/api/members.rb): `GET /groups/:id/members` (direct), `/groups/:id/members/all` (direct
// and inherited from ancestor groups) and `/projects/:id/members/all` (direct, the namespace's groups, and groups the
// project is shared with, capped by the share). Used to say who can approve under a group or role rule.
import type { SimContext } from '../context';
import { json } from '../http';
import type { User } from '../model';
import { paginate } from '../pagination';
import { projectAccessLevel } from '../policy';
import { memberEntity } from './groupMembers';
import { READ, Route, loadGroup, loadProject } from './route';

function listed(
  ctx: SimContext,
  req: Parameters<Route['handle']>[1],
  members: [User, number][],
  source: { createdAt: string },
) {
  const query = req.params.query === undefined ? undefined : String(req.params.query).toLowerCase();
  const matching = members
    .filter(([user]) => query === undefined || `${user.username} ${user.name}`.toLowerCase().includes(query))
    .sort(([a], [b]) => a.id - b.id);
  const page = paginate(req, matching);
  return json(
    200,
    page.items.map(([user, level]) => memberEntity(ctx, user, level, source)),
    page.headers,
  );
}

export const memberRoutes: Route[] = [
  {
    name: 'groups.members.list',
    method: 'GET',
    pattern: /^\/groups\/(?<id>[^/]+)\/members$/,
    auth: 'required',
    scopes: READ,
    handle: (ctx, req, path) => {
      const group = loadGroup(ctx, req, path.id);
      const members = [...group.members].map(([id, level]): [User, number] => [ctx.state.users.get(id)!, level]);
      return listed(ctx, req, members, group);
    },
  },
  {
    name: 'groups.members.all.list',
    method: 'GET',
    pattern: /^\/groups\/(?<id>[^/]+)\/members\/all$/,
    auth: 'required',
    scopes: READ,
    handle: (ctx, req, path) => {
      const group = loadGroup(ctx, req, path.id);
      const levels = new Map<number, number>();
      for (const g of ctx.state.groupAncestry(group))
        for (const [id, level] of g.members) levels.set(id, Math.max(levels.get(id) ?? 0, level));
      const members = [...levels].map(([id, level]): [User, number] => [ctx.state.users.get(id)!, level]);
      return listed(ctx, req, members, group);
    },
  },
  {
    name: 'projects.members.all.list',
    method: 'GET',
    pattern: /^\/projects\/(?<id>[^/]+)\/members\/all$/,
    auth: 'required',
    scopes: READ,
    handle: (ctx, req, path) => {
      const project = loadProject(ctx, req, path.id);
      const members = [...ctx.state.users.values()]
        .map((user): [User, number] => [user, projectAccessLevel(ctx, user, project)])
        .filter(([, level]) => level > 0);
      return listed(ctx, req, members, project);
    },
  },
];
