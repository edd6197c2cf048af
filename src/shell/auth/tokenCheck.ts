import * as vscode from 'vscode';
import { isGitLabError } from '../../core/errors';
import { pickText } from '../../core/presentation';
import type { GitLabClient } from '../../core/gitlab/client';
import { tokenProblem } from '../../core/gitlab/token';
import type { CurrentUser, VersionInfo } from '../../core/gitlab/types';
import type { ClientFactory } from '../clientFactory';
import type { Log } from '../log';
import type { Checked } from './quickSteps';

/** Approving, rejecting and running are writes: a token needs GitLab's `api` scope (read_api cannot write). */
export const REQUIRED_SCOPE = 'api';

export interface VerifiedToken {
  token: string;
  user: CurrentUser;
  version: VersionInfo;
}

/**
 * The token must be sendable (no control characters), carry the `api` scope (when GitLab can say: 15.5+), be
 * accepted, and belong to a user. Each failure is said precisely; the token itself never appears in a message.
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
    const scopes = await tokenScopes(client);
    if (scopes && !scopes.includes(REQUIRED_SCOPE)) return { problem: missingScope(scopes) };
    const [version, user] = await Promise.all([client.version(), client.currentUser()]);
    return { value: { token, user, version } };
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

/**
 * The token's scopes from `GET /personal_access_tokens/self`; undefined where GitLab cannot say: no such route (before
 * 15.5: 404), or a token that is not a personal access token (an OAuth token, e.g. a GitLab Workflow account: 400).
 */
async function tokenScopes(client: GitLabClient): Promise<string[] | undefined> {
  try {
    const info = await client.tokenInfo();
    return info.scopes;
  } catch (error) {
    if (isGitLabError(error) && error.kind === 'not-found') return undefined;
    if (isGitLabError(error) && error.kind === 'rejected' && error.status === 400) return undefined;
    throw error;
  }
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
    '{0}; it needs {1}. Create a token with the {1} scope (the button above opens the page).',
    has,
    REQUIRED_SCOPE,
  );
}

/** GitLab's page for a new personal access token, with the name and scope filled in. */
export function tokenCreationUrl(instanceUrl: string): string {
  const params = new URLSearchParams({ name: 'VS Code Deployment Approvals', scopes: REQUIRED_SCOPE });
  return `${instanceUrl}/-/user_settings/personal_access_tokens?${params}`;
}
