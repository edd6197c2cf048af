// Authentication like GitLab's API: `PRIVATE-TOKEN` or `Authorization: Bearer`, token state and scopes.
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError, grapeError, messageError } from './http';
import type { Token, TokenScope } from './model';
import type { AuthHeaderKind } from './requestLog';
import type { SimState } from './state';

export interface Credentials {
  kind: AuthHeaderKind;
  value: string | undefined;
}

/** Which header carried a token (PRIVATE-TOKEN wins, as GitLab checks it first) and its value. */
export function readCredentials(headers: IncomingHttpHeaders): Credentials {
  const privateToken = headers['private-token'];
  if (typeof privateToken === 'string' && privateToken !== '') return { kind: 'private-token', value: privateToken };
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return { kind: 'bearer', value: match[1] };
  }
  return { kind: 'none', value: undefined };
}

/** The token, or the 401 GitLab sends for an unknown, revoked or expired one. */
export function resolveToken(state: SimState, credentials: Credentials, today: string): Token | undefined {
  if (credentials.value === undefined) return undefined;
  const token = state.tokens.get(credentials.value);
  if (!token) throw messageError(401, '401 Unauthorized');
  const invalid = (description: string) =>
    new ApiError({
      status: 401,
      body: { error: 'invalid_token', error_description: description },
      headers: {
        'www-authenticate': `Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="${description}"`,
      },
    });
  if (token.revoked) throw invalid('Token was revoked. You have to re-authorize from the user.');
  if (token.expiresAt !== null && token.expiresAt <= today) throw invalid('Token has expired.');
  return token;
}

/** 403 `insufficient_scope` unless the token has one of the scopes the route accepts. */
export function checkScopes(token: Token | undefined, accepted: readonly TokenScope[]): void {
  if (!token || token.scopes.some((s) => accepted.includes(s))) return;
  const error = grapeError(403, 'insufficient_scope');
  (error.response.body as Record<string, string>).error_description =
    'The request requires higher privileges than provided by the access token.';
  (error.response.body as Record<string, string>).scope = accepted.join(' ');
  throw error;
}
