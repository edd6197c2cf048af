// Accounts the user already has in GitLab Workflow (gitlab.gitlab-workflow), offered through VS Code's authentication
// API. What its provider does, read from its source (docs/sign-in.md#gitlab-workflow-accounts): it registers the provider id
// `gitlab`; each account is one session whose id is `<instanceUrl>|<userId>`, whose label is `<username> -
// <instanceUrl>` (older releases: `<instanceUrl> (<username>)`), and whose scopes are reported as `api`; it answers
// no session when the scopes asked for lack `api`; it cannot create a session for another extension.
import * as vscode from 'vscode';
import { parseInstanceUrl } from '../../core/instanceUrl';
import { Disposable } from '../disposable';
import type { Log } from '../log';
import type { TokenStore } from './tokenStore';

export const WORKFLOW_PROVIDER_ID = 'gitlab';
const SCOPES = ['api'];
const LINKS_KEY = 'gitlabApprovals.workflowAccounts';

export interface WorkflowAccount {
  account: vscode.AuthenticationSessionAccountInformation;
  instanceUrl: string;
  username: string;
  /** The GitLab user id the account id names (`<instanceUrl>|<userId>`), when it does. */
  userId?: number;
}

/**
 * The accounts the `gitlab` provider has, each with the instance it belongs to; none when no extension provides it
 * (VS Code then answers after its own wait, so callers do not block on this). The account's texts come from another
 * extension and are shown only through the escaping home.
 */
export async function workflowAccounts(log: Log): Promise<WorkflowAccount[]> {
  let accounts: readonly vscode.AuthenticationSessionAccountInformation[];
  try {
    accounts = await vscode.authentication.getAccounts(WORKFLOW_PROVIDER_ID);
  } catch (error) {
    log.debug(`no GitLab Workflow accounts: ${(error as Error)?.message ?? error}`);
    return [];
  }
  return accounts.flatMap((account) => {
    const parsed = parseAccount(account);
    if (!parsed) log.debug(`ignoring a "gitlab" account whose instance cannot be read: ${account.id}`);
    return parsed ? [parsed] : [];
  });
}

/** `<instanceUrl>|<userId>` names the instance; the label names the user (either label format). */
export function parseAccount(account: vscode.AuthenticationSessionAccountInformation): WorkflowAccount | undefined {
  const separator = account.id.lastIndexOf('|');
  const fromId = separator > 0 ? account.id.slice(0, separator) : undefined;
  const labelled =
    /^(?<username>[^\s]+) - (?<url>https?:\/\/\S+)$/.exec(account.label) ??
    /^(?<url>https?:\/\/\S+) \((?<username>[^\s)]+)\)$/.exec(account.label);
  const parsed = parseInstanceUrl(fromId ?? labelled?.groups?.url ?? '');
  if (!('url' in parsed) || !labelled?.groups) return undefined;
  const userId = separator > 0 ? Number(account.id.slice(separator + 1)) : NaN;
  return {
    account,
    instanceUrl: parsed.url,
    username: labelled.groups.username,
    ...(Number.isSafeInteger(userId) && userId > 0 ? { userId } : {}),
  };
}

/**
 * GitLab Workflow's provider ignores which account another extension asks for, and VS Code hands over the first session
 * it answers (docs/sign-in.md#gitlab-workflow-accounts). A session is used for an account only when it is that account's
 * own: the same account id, on the same instance.
 */
export function isSessionOf(session: vscode.AuthenticationSession, account: WorkflowAccount): boolean {
  const got = parseAccount(session.account);
  return session.account.id === account.account.id && got?.instanceUrl === account.instanceUrl;
}

/** GitLab Workflow handed over another account's session than the one picked; nothing was sent with it. */
export class OtherAccountSessionError extends Error {
  constructor(
    readonly wanted: WorkflowAccount,
    readonly got: WorkflowAccount | undefined,
  ) {
    super(
      `GitLab Workflow answered with the session of ${got ? `@${got.username} on ${got.instanceUrl}` : 'an unreadable account'}`,
    );
  }
}

/**
 * The account's token, once the user allows it: VS Code asks them (a one-time consent dialog) before another
 * extension's session is handed over. The session must be the account's own (`isSessionOf`), else
 * `OtherAccountSessionError` and its token is dropped unsent.
 */
export async function workflowSessionToken(account: WorkflowAccount): Promise<string> {
  const session = await vscode.authentication.getSession(WORKFLOW_PROVIDER_ID, SCOPES, {
    account: account.account,
    createIfNone: true,
  });
  if (!isSessionOf(session, account)) throw new OtherAccountSessionError(account, parseAccount(session.account));
  return session.accessToken;
}

interface AccountLink {
  id: string;
  label: string;
}

/**
 * Instances signed in with a GitLab Workflow account keep a copy of its token in our secret storage; GitLab Workflow
 * renews OAuth tokens (every two hours), so when its sessions change the copy is replaced by the new token, read
 * silently (the user allowed it at sign-in). Signing out here removes the link, not the account.
 */
export class WorkflowAccountLinks extends Disposable {
  constructor(
    private readonly state: vscode.Memento,
    private readonly tokens: TokenStore,
    private readonly log: Log,
  ) {
    super();
    this.register(
      vscode.authentication.onDidChangeSessions(
        (e) => e.provider.id === WORKFLOW_PROVIDER_ID && void this.renewTokens(),
      ),
    );
  }

  async link(instanceUrl: string, account: WorkflowAccount): Promise<void> {
    await this.state.update(LINKS_KEY, {
      ...this.links(),
      [instanceUrl]: { id: account.account.id, label: account.account.label },
    });
  }

  async unlink(instanceUrl: string): Promise<void> {
    const { [instanceUrl]: _removed, ...rest } = this.links();
    await this.state.update(LINKS_KEY, rest);
  }

  isLinked(instanceUrl: string): boolean {
    return this.links()[instanceUrl] !== undefined;
  }

  /**
   * Replaces each linked instance's stored token with its account's current one, when it changed — only from that
   * account's own session: GitLab Workflow may answer with another account's (see `isSessionOf`).
   */
  async renewTokens(): Promise<void> {
    for (const [instanceUrl, link] of Object.entries(this.links())) {
      try {
        const account: WorkflowAccount = { account: link, instanceUrl, username: '' };
        const session = await vscode.authentication.getSession(WORKFLOW_PROVIDER_ID, SCOPES, {
          account: link,
          silent: true,
        });
        if (!session) {
          this.log.info(`the GitLab Workflow account for ${instanceUrl} is gone; its last token stays in use`);
        } else if (!isSessionOf(session, account)) {
          this.log.warn(
            `GitLab Workflow answered for ${instanceUrl} with the session of another account (${session.account.id}); the stored token for ${instanceUrl} is kept`,
          );
        } else if (session.accessToken !== (await this.tokens.get(instanceUrl))) {
          await this.tokens.store(instanceUrl, session.accessToken);
          this.log.info(`took the renewed token of the GitLab Workflow account for ${instanceUrl}`);
        }
      } catch (error) {
        this.log.error(`reading the GitLab Workflow account for ${instanceUrl} failed`, error);
      }
    }
  }

  private links(): Record<string, AccountLink> {
    const stored = this.state.get<unknown>(LINKS_KEY);
    return stored !== null && typeof stored === 'object' ? (stored as Record<string, AccountLink>) : {};
  }
}
