import * as vscode from 'vscode';
import { isGitLabError } from '../../core/errors';
import { pickText } from '../../core/presentation';
import { tokenProblem } from '../../core/gitlab/token';
import { READ_SCOPE, readTokenScopes, tokenReach, WRITE_SCOPE, type TokenReach } from '../../core/gitlab/tokenScopes';
import type { CurrentUser, VersionInfo } from '../../core/gitlab/types';
import type { ClientFactory } from '../clientFactory';
import type { Log } from '../log';
import type { Checked } from './quickSteps';

export interface VerifiedToken {
  token: string;
  user: CurrentUser;
  version: VersionInfo;
  /** `read`: a read_api token, which watches but cannot approve, reject or run (said when signing in). */
  reach: TokenReach;
}

/**
 * The token must be sendable (no control characters), be able to read deployments — `api`, or `read_api` to watch
 * only (when GitLab can say: 15.5+) — be accepted, and belong to a user. Each failure is said precisely; the token
 * itself never appears in a message.
 */
export async function checkToken(
  clients: ClientFactory,
  instanceUrl: string,
  token: string,
  log: Log,
  expectedUser?: ExpectedUser,
): Promise<Checked<VerifiedToken>> {
  if (token === '') return { problem: vscode.l10n.t('Paste the token first.') };
  const unusable = tokenProblem(token);
  if (unusable) return { problem: unusable };
  try {
    const client = await clients.create(instanceUrl, async () => token);
    if (expectedUser) {
      // Before anything else is sent with a token another extension handed over: is it this account's, here?
      const user = await client.currentUser();
      if (!isExpectedUser(user, expectedUser)) {
        log.warn(
          `sign-in to ${instanceUrl}: the account's token belongs to @${user.username}, not @${expectedUser.username}`,
        );
        return {
          problem: vscode.l10n.t(
            'The token GitLab Workflow handed over belongs to @{0} on this instance, not @{1}; it is not used. Paste a token for @{1} instead.',
            user.username,
            expectedUser.username,
          ),
        };
      }
    }
    const scopes = await readTokenScopes(client);
    const reach = tokenReach(scopes);
    if (reach === 'none') return { problem: missingScope(scopes) };
    const [version, user] = await Promise.all([client.version(), client.currentUser()]);
    return { value: { token, user, version, reach } };
  } catch (error) {
    log.error(`sign-in to ${instanceUrl}: the token check failed`, error);
    if (isGitLabError(error) && error.kind === 'forbidden' && /insufficient_scope/.test(error.detail))
      return { problem: missingScope(undefined) };
    return {
      problem: isGitLabError(error)
        ? error.userMessage
        : vscode.l10n.t('The token could not be checked: {0}', (error as Error)?.message ?? String(error)),
    };
  }
}

/** Who a token handed over by another extension must belong to: the user its account names. */
export interface ExpectedUser {
  id?: number;
  username: string;
}

function isExpectedUser(user: CurrentUser, expected: ExpectedUser): boolean {
  return expected.id !== undefined ? user.id === expected.id : user.username === expected.username;
}

function missingScope(scopes: string[] | undefined): string {
  const has =
    scopes === undefined
      ? vscode.l10n.t('This token lacks a scope it needs')
      : scopes.length === 0
        ? vscode.l10n.t('This token has no scopes')
        : // The scopes are the server's text, and the token box's message renders icons as a quick pick does.
          vscode.l10n.t('This token has scopes {0}', scopes.map(pickText).join(', '));
  return vscode.l10n.t(
    '{0}; it needs {1} to approve, reject and run, or {2} to watch deployments only. Create a token with the {1} scope (the button above opens the page).',
    has,
    WRITE_SCOPE,
    READ_SCOPE,
  );
}

/**
 * GitLab's page for a new personal access token with the name, description and `api` scope filled in: the page reads
 * `name`, `description` and `scopes` (docs/sign-in.md#least-privilege-tokens). GitLab's fine-grained token page reads
 * none, so it is not linked.
 */
export function tokenCreationUrl(instanceUrl: string): string {
  const params = new URLSearchParams({
    name: 'VS Code Deployment Approvals',
    description: vscode.l10n.t(
      'Deployment Approvals for GitLab (VS Code): watch, approve, reject and run blocked deployments',
    ),
    scopes: WRITE_SCOPE,
  });
  return `${instanceUrl}/-/user_settings/personal_access_tokens?${params}`;
}
