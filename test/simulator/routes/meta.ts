// Instance and identity: /version, /metadata (15.2+), /user, /personal_access_tokens/self (15.5+).
import { currentUser, personalAccessToken, versionInfo } from '../entities';
import { json } from '../http';
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
    name: 'personal_access_tokens.self',
    method: 'GET',
    pattern: /^\/personal_access_tokens\/self$/,
    auth: 'required',
    scopes: [...READ, 'read_user'],
    available: (p) => p.hasPatSelf,
    handle: (_ctx, req) => json(200, personalAccessToken(req.token!)),
  },
];
