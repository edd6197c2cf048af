// Instance and identity: /version, /metadata (15.2+), /user, /user/emails, /users/:id, /personal_access_tokens/self
// (15.5+).
import { currentUser, personalAccessToken, userWithProfile, versionInfo } from '../entities';
import { json, messageError } from '../http';
import { paginate } from '../pagination';
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
    // `current_user.emails` as `Entities::Email` (lib/api/users.rb, `get "emails"`): the secondary addresses only — the
    // primary one leaves `emails` when it becomes primary (User#update_emails_with_primary_email). GET on `/user` is
    // allowed with read_user too (docs/gitlab-behaviour.md#the-four-eyes-check).
    name: 'user.emails',
    method: 'GET',
    pattern: /^\/user\/emails$/,
    auth: 'required',
    scopes: ANY_SCOPE,
    handle: (_ctx, req) => {
      const emails = (req.user!.secondaryEmails ?? []).map((e, i) => ({
        id: req.user!.id * 100 + i + 1,
        email: e.email,
        confirmed_at: e.confirmedAt,
      }));
      const page = paginate(req, emails);
      return json(200, page.items, page.headers);
    },
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
