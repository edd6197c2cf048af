// What a token may do, by its scopes (docs/sign-in.md#least-privilege-tokens): one home for the rule, read by the
// sign-in (which scope to ask for, what a token lacks) and by the session (what to offer).

import { isGitLabError } from '../errors';
import type { CallOptions } from './client';
import type { PersonalAccessTokenSelf } from './types';

/** Approving, rejecting, running a job and setting required approvals are writes: only `api` may write. */
export const WRITE_SCOPE = 'api';
/** Watching deployments, their briefs and rules: `read_api` is enough (`api` includes it). */
export const READ_SCOPE = 'read_api';

/** `write`: every action; `read`: watching only; `none`: the token cannot read deployments. */
export type TokenReach = 'write' | 'read' | 'none';

/** What a token with these scopes may do; `write` where GitLab cannot say (undefined: before 15.5, an OAuth token). */
export function tokenReach(scopes: readonly string[] | undefined): TokenReach {
  if (scopes === undefined || scopes.includes(WRITE_SCOPE)) return 'write';
  return scopes.includes(READ_SCOPE) ? 'read' : 'none';
}

/**
 * The token's scopes from `GET /personal_access_tokens/self` (15.5+, open to every scope); undefined where GitLab
 * cannot say: no such route (404 before 15.5) or a token that is not a personal access token (400: an OAuth token, such
 * as a GitLab Workflow account's).
 */
export async function readTokenScopes(
  client: { tokenInfo(options?: CallOptions): Promise<PersonalAccessTokenSelf> },
  options?: CallOptions,
): Promise<string[] | undefined> {
  try {
    return (await client.tokenInfo(options)).scopes;
  } catch (error) {
    if (isGitLabError(error) && error.kind === 'not-found') return undefined;
    if (isGitLabError(error) && error.kind === 'rejected' && error.status === 400) return undefined;
    throw error;
  }
}
