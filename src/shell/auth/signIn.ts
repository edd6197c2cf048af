import * as vscode from 'vscode';
import { isGitLabError } from '../../core/errors';
import { likelyInstanceOrigin } from '../../core/projects';
import type { GitLabClient } from '../../core/gitlab/client';
import type { CurrentUser, VersionInfo } from '../../core/gitlab/types';
import type { ClientFactory } from '../clientFactory';
import type { Log } from '../log';
import { askModal, askText, inputBoxText, pickOne, showInfo, showWarning } from '../presentation/ui';
import {
  DEFAULT_INSTANCE,
  configuredInstances,
  forgetInstance,
  normalizeInstanceUrl,
  rememberInstance,
} from '../settings';
import { workspaceRemoteUrls } from '../workspaceRemotes';
import type { TokenStore } from './tokenStore';

const REQUIRED_SCOPE = 'api';

/** Sign in: pick or type the instance, paste a token (with a link to create one), check it, store it. */
export async function signIn(tokens: TokenStore, clients: ClientFactory, log: Log): Promise<boolean> {
  const instanceUrl = await pickInstance();
  if (!instanceUrl) return false;
  const verified = await askAndVerifyToken(instanceUrl, clients, log);
  if (!verified) return false;
  await tokens.store(instanceUrl, verified.token);
  await rememberInstance(instanceUrl);
  log.info(`signed in to ${instanceUrl} as @${verified.user.username} (GitLab ${verified.version.version})`);
  void showInfo(`Signed in to ${new URL(instanceUrl).host} as @${verified.user.username}.`);
  return true;
}

export async function signOut(tokens: TokenStore, log: Log, instanceUrl?: string): Promise<void> {
  const instances = configuredInstances();
  const url =
    instanceUrl ??
    (instances.length === 1
      ? instances[0]
      : (
          await pickOne(
            instances.map((label) => ({ label })),
            { title: 'Sign out of which GitLab instance?' },
          )
        )?.label);
  if (!url) return;
  if (tokens.isFromEnvironment(url)) {
    void showWarning(
      `The token for ${url} comes from the GITLAB_APPROVALS_TOKEN environment variable; unset it to sign out.`,
    );
    return;
  }
  const choice = await askModal(
    `Sign out of ${url}?`,
    "The token is removed from this computer's keychain. It stays valid in GitLab until you revoke it there.",
    'Sign Out',
  );
  if (choice !== 'Sign Out') return;
  await tokens.delete(url);
  await forgetInstance(url);
  log.info(`signed out of ${url}`);
}

async function pickInstance(): Promise<string | undefined> {
  const fromRemotes = await remoteHosts();
  const known = [...new Set([DEFAULT_INSTANCE, ...configuredInstances(), ...fromRemotes])];
  const items: { label: string; description: string; icon?: string; url?: string }[] = [
    ...known.map((url) => ({
      label: new URL(url).host,
      description:
        url === DEFAULT_INSTANCE
          ? 'GitLab.com'
          : fromRemotes.includes(url)
            ? "from this workspace's git remotes"
            : 'signed in before',
      url,
    })),
    { icon: 'edit', label: 'Another GitLab instance…', description: 'type its URL' },
  ];
  const chosen = await pickOne(items, {
    title: 'Sign in to GitLab (1/2): which instance?',
    ignoreFocusOut: true,
  });
  if (!chosen) return undefined;
  if (chosen.url) return chosen.url;
  const typed = await askText({
    title: 'Sign in to GitLab (1/2): instance URL',
    prompt: 'The address of your GitLab, e.g. https://gitlab.example.com (or https://example.com/gitlab)',
    validateInput: (value) =>
      normalizeInstanceUrl(value)
        ? undefined
        : 'Enter an http(s) URL without user name, query or fragment, e.g. https://gitlab.example.com',
  });
  return typed === undefined ? undefined : normalizeInstanceUrl(typed);
}

/** Web addresses the workspace's git remotes suggest (trusted workspaces only). */
async function remoteHosts(): Promise<string[]> {
  if (!vscode.workspace.isTrusted) return [];
  const origins = (await workspaceRemoteUrls()).map(likelyInstanceOrigin);
  return [...new Set(origins.filter((origin): origin is string => origin !== undefined))];
}

interface VerifiedToken {
  token: string;
  user: CurrentUser;
  version: VersionInfo;
}

/** A password box that stays open until the token works (or the user gives up), saying what was wrong. */
function askAndVerifyToken(instanceUrl: string, clients: ClientFactory, log: Log): Promise<VerifiedToken | undefined> {
  const box = vscode.window.createInputBox();
  const createTokenButton: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('link-external'),
    tooltip: 'Create a token in GitLab (api scope)',
  };
  box.title = inputBoxText(`Sign in to GitLab (2/2): personal access token for ${new URL(instanceUrl).host}`);
  box.prompt = `Paste a personal access token with the "${REQUIRED_SCOPE}" scope. Use the button above to create one in GitLab.`;
  box.password = true;
  box.ignoreFocusOut = true;
  box.buttons = [createTokenButton];

  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: VerifiedToken | undefined) => {
      settled = true;
      box.dispose();
      resolve(result);
    };
    box.onDidTriggerButton(() => void vscode.env.openExternal(vscode.Uri.parse(tokenCreationUrl(instanceUrl))));
    box.onDidChangeValue(() => (box.validationMessage = undefined));
    box.onDidHide(() => !settled && finish(undefined));
    box.onDidAccept(async () => {
      const token = box.value.trim();
      if (!token) {
        box.validationMessage = 'Paste the token first.';
        return;
      }
      box.busy = true;
      box.enabled = false;
      try {
        finish({ ...(await verifyToken(await clients.create(instanceUrl, async () => token))), token });
      } catch (error) {
        log.error(`sign-in to ${instanceUrl} failed`, error);
        box.validationMessage = inputBoxText(
          isGitLabError(error) ? error.userMessage : `The token could not be checked: ${(error as Error).message}`,
        );
      } finally {
        box.busy = false;
        box.enabled = true;
      }
    });
    box.show();
  });
}

/** The token must reach GitLab, belong to a user, and carry the `api` scope (when GitLab can say, 14.0+). */
async function verifyToken(client: GitLabClient): Promise<Omit<VerifiedToken, 'token'>> {
  const [version, user] = await Promise.all([client.version(), client.currentUser()]);
  const info = await client.tokenInfo().catch((error: unknown) => {
    if (isGitLabError(error) && error.kind === 'not-found') return undefined;
    throw error;
  });
  if (info && !info.scopes.includes(REQUIRED_SCOPE)) {
    throw new Error(
      `this token has the scopes ${info.scopes.join(', ') || '(none)'}, but approving needs "${REQUIRED_SCOPE}". Create a token with the "${REQUIRED_SCOPE}" scope.`,
    );
  }
  if (info?.expires_at && Date.parse(info.expires_at) < Date.now())
    throw new Error(`this token expired on ${info.expires_at}.`);
  return { version, user };
}

function tokenCreationUrl(instanceUrl: string): string {
  const params = new URLSearchParams({ name: 'VS Code Deployment Approvals', scopes: REQUIRED_SCOPE });
  return `${instanceUrl}/-/user_settings/personal_access_tokens?${params}`;
}
