// Instance and identity: /version, /metadata (15.2+), /user, /users/:id, /personal_access_tokens/self (15.5+).
import { currentUser, personalAccessToken, userWithProfile, versionInfo } from '../entities';
import { json, messageError } from '../http';
import { READ, Route } from './route';

const ANY_SCOPE = ['api', 'read_api', 'read_user'] as const;

export const metaRoutes: Route[] = [
  {
    name: 'version',
    method: 'GET',
    pattern: /^\/version$/,
    auth: 'required',
    scopes: ANY_SCOPE,
    handle: (ctx) => json(200, versionInfo(ctx, false)),
  },
  {
    name: 'metadata',
    method: 'GET',
    pattern: /^\/metadata$/,
    auth: 'required',
    scopes: ANY_SCOPE,
    available: (p) => p.hasMetadata,
    handle: (ctx) => json(200, versionInfo(ctx, true)),
  },
  {
    name: 'user',
    method: 'GET',
    pattern: /^\/user$/,
    auth: 'required',
    scopes: ANY_SCOPE,
    handle: (ctx, req) => json(200, currentUser(ctx, req.user!)),
  },
  {
    // lib/api/users.rb `get ":id"`: Entities::User (with `bot`) for any signed-in user; `not_found!('User')` otherwise.
    name: 'users.show',
    method: 'GET',
    pattern: /^\/users\/(?<id>\d+)$/,
    auth: 'required',
    scopes: ANY_SCOPE,
    handle: (ctx, _req, path) => {
      const user = ctx.state.users.get(Number(path.id));
      if (!user) throw messageError(404, '404 User Not Found');
      return json(200, userWithProfile(ctx, user));
    },
  },
  {
    name: 'personal_access_tokens.self',
    method: 'GET',
    pattern: /^\/personal_access_tokens\/self$/,
    auth: 'required',
    scopes: [...READ, 'read_user'],
    available: (p) => p.hasPatSelf,
    handle: (_ctx, req) => json(200, personalAccessToken(req.token!)),
  },
];
