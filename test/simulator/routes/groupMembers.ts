// Membership of one user. Groups: `GET /groups/:id/members/:user_id` (direct) and `/members/all/:user_id` (direct or
// through an ancestor group) — whether a group approval rule includes the user. Projects: `GET /projects/:id/members/all/
// :user_id` — the user's effective level, including groups the project is shared with (lib/api/helpers/members_helpers.rb
// L70-73; the highest record wins, lib/api/members.rb L109-110).
import { userBasic } from '../entities';
import { json, messageError } from '../http';
import type { SimContext } from '../context';
import type { User } from '../model';
import { projectAccessLevel } from '../policy';
import { loadGroup, loadProject, READ, type Route } from './route';

/** `Entities::Member`: UserBasic plus the membership. */
export function memberEntity(ctx: SimContext, user: User, level: number, source: { createdAt: string }) {
  return {
    ...userBasic(ctx, user),
    access_level: level,
    created_at: source.createdAt,
    expires_at: null,
    membership_state: 'active',
  };
}

function loadUser(ctx: SimContext, rawId: string): User {
  const user = ctx.state.users.get(Number(rawId));
  if (!user) throw messageError(404, '404 Not found');
  return user;
}

export const groupMemberRoutes: Route[] = [
  {
    name: 'groups.members.show',
    method: 'GET',
    pattern: /^\/groups\/(?<id>[^/]+)\/members\/(?<userId>\d+)$/,
    auth: 'required',
    scopes: READ,
    handle: (ctx, req, path) => {
      const group = loadGroup(ctx, req, path.id);
      const user = loadUser(ctx, path.userId);
      const level = group.members.get(user.id);
      if (level === undefined) throw messageError(404, '404 Not found');
      return json(200, memberEntity(ctx, user, level, group));
    },
  },
  {
    name: 'groups.members.all.show',
    method: 'GET',
    pattern: /^\/groups\/(?<id>[^/]+)\/members\/all\/(?<userId>\d+)$/,
    auth: 'required',
    scopes: READ,
    handle: (ctx, req, path) => {
      const group = loadGroup(ctx, req, path.id);
      const user = loadUser(ctx, path.userId);
      const levels = ctx.state.groupAncestry(group).map((g) => g.members.get(user.id) ?? 0);
      const level = Math.max(0, ...levels);
      if (level === 0) throw messageError(404, '404 Not found');
      return json(200, memberEntity(ctx, user, level, group));
    },
  },
  {
    name: 'projects.members.all.show',
    method: 'GET',
    pattern: /^\/projects\/(?<id>[^/]+)\/members\/all\/(?<userId>\d+)$/,
    auth: 'required',
    scopes: READ,
    handle: (ctx, req, path) => {
      const project = loadProject(ctx, req, path.id);
      const user = loadUser(ctx, path.userId);
      const level = projectAccessLevel(ctx, user, project);
      if (level === 0) throw messageError(404, '404 Not found');
      return json(200, memberEntity(ctx, user, level, project));
    },
  },
];
