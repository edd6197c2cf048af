import * as vscode from 'vscode';
import { isGitLabError } from '../../core/errors';
import { instanceLabel, isClearText, parseInstanceUrl } from '../../core/instanceUrl';
import { likelyInstanceOrigin } from '../../core/projects';
import type { ClientFactory } from '../clientFactory';
import type { Log } from '../log';
import { askModal, pickOne, showInfo, showWarning } from '../presentation/ui';
import {
  DEFAULT_INSTANCE,
  configuredInstances,
  forgetInstance,
  normalizeInstanceUrl,
  rememberInstance,
} from '../settings';
import { workspaceRemoteUrls } from '../workspaceRemotes';
import { BACK, inputStep, pickStep, type Checked, type StepFrame } from './quickSteps';
import type { RecentInstances } from './recentInstances';
import { checkToken, tokenCreationUrl, type VerifiedToken } from './tokenCheck';
import type { TokenStore } from './tokenStore';
import {
  OtherAccountSessionError,
  workflowAccounts,
  workflowSessionToken,
  type WorkflowAccount,
  type WorkflowAccountLinks,
} from './workflowAccounts';

export interface SignInDeps {
  tokens: TokenStore;
  clients: ClientFactory;
  log: Log;
  recents: RecentInstances;
  workflowLinks: WorkflowAccountLinks;
  /** Told who signed in, so rows kept for another account on that instance are not shown again. */
  onSignedIn(instanceUrl: string, userId: number): Promise<void>;
}

const TITLE = () => vscode.l10n.t('Sign in to GitLab');

/** Where the flow is: choosing the instance, typing its URL, or giving the token. */
type Step =
  | { at: 'instance' }
  | { at: 'url'; value: string; problem?: string }
  | { at: 'token'; instanceUrl: string; cameFrom: 'instance' | 'url'; typed?: string };

/** What the instance step chose. */
type InstanceChoice =
  | { kind: 'checked'; instanceUrl: string }
  | { kind: 'failed'; instanceUrl: string; problem: string }
  | { kind: 'type' }
  | { kind: 'account'; account: WorkflowAccount; verified: VerifiedToken };

/**
 * Sign in, in two steps with Back: (1) the instance — a GitLab Workflow account, a recently used instance, gitlab.com,
 * a host from the workspace's git remotes, or a typed URL — checked to be a GitLab API before anything else; an
 * http:// one needs the user's go-ahead; (2) the token, checked (user, version, `api` scope) before it is stored.
 */
export async function signIn(deps: SignInDeps): Promise<boolean> {
  let step: Step = { at: 'instance' };
  for (;;) {
    if (step.at === 'instance') {
      const choice = await chooseInstance(deps);
      if (choice === undefined || choice === BACK) return false;
      if (choice.kind === 'type') step = { at: 'url', value: '' };
      else if (choice.kind === 'failed') step = { at: 'url', value: choice.instanceUrl, problem: choice.problem };
      else if (choice.kind === 'account')
        return finish(deps, choice.account.instanceUrl, choice.verified, choice.account);
      else if (await clearTextAccepted(choice.instanceUrl))
        step = { at: 'token', instanceUrl: choice.instanceUrl, cameFrom: 'instance' };
    } else if (step.at === 'url') {
      const instanceUrl = await typeInstanceUrl(deps, step.value, step.problem);
      if (instanceUrl === undefined) return false;
      if (instanceUrl === BACK) step = { at: 'instance' };
      else if (await clearTextAccepted(instanceUrl)) step = { at: 'token', instanceUrl, cameFrom: 'url' };
      else step = { at: 'url', value: instanceUrl };
    } else {
      const verified = await askToken(deps, step.instanceUrl);
      if (verified === undefined) return false;
      if (verified !== BACK) return finish(deps, step.instanceUrl, verified);
      step = step.cameFrom === 'url' ? { at: 'url', value: step.instanceUrl } : { at: 'instance' };
    }
  }
}

async function finish(
  deps: SignInDeps,
  instanceUrl: string,
  verified: VerifiedToken,
  account?: WorkflowAccount,
): Promise<boolean> {
  await deps.onSignedIn(instanceUrl, verified.user.id);
  await deps.tokens.store(instanceUrl, verified.token);
  if (account) await deps.workflowLinks.link(instanceUrl, account);
  else await deps.workflowLinks.unlink(instanceUrl);
  await rememberInstance(instanceUrl);
  await deps.recents.used(instanceUrl);
  deps.log.info(
    `signed in to ${instanceUrl} as @${verified.user.username} (GitLab ${verified.version.version})${account ? ' with a GitLab Workflow account' : ''}`,
  );
  void showInfo(
    verified.reach === 'read'
      ? vscode.l10n.t(
          'Signed in to {0} as @{1}, read-only: this token has the read_api scope, so deployments are shown but approving, rejecting and running are not offered. Sign in again with an api token to act here.',
          instanceLabel(instanceUrl),
          verified.user.username,
        )
      : vscode.l10n.t('Signed in to {0} as @{1}.', instanceLabel(instanceUrl), verified.user.username),
  );
  return true;
}

export async function signOut(deps: SignInDeps, instanceUrl?: string): Promise<void> {
  const { tokens, log } = deps;
  const instances = configuredInstances(tokens.environmentInstance());
  const url =
    instanceUrl ??
    (instances.length === 1
      ? instances[0]
      : (
          await pickOne(
            instances.map((label) => ({ label })),
            { title: vscode.l10n.t('Sign out of which GitLab instance?') },
          )
        )?.label);
  if (!url) return;
  if (tokens.isFromEnvironment(url)) {
    void showWarning(
      vscode.l10n.t(
        'The token for {0} comes from the GITLAB_APPROVALS_TOKEN environment variable; unset it to sign out.',
        url,
      ),
    );
    return;
  }
  const signOutAction = vscode.l10n.t('Sign Out');
  const choice = await askModal(
    vscode.l10n.t('Sign out of {0}?', url),
    deps.workflowLinks.isLinked(url)
      ? vscode.l10n.t(
          'The copy of your GitLab Workflow account token is removed from this extension; the account stays signed in to GitLab Workflow.',
        )
      : vscode.l10n.t(
          "The token is removed from this computer's keychain. It stays valid in GitLab until you revoke it there.",
        ),
    signOutAction,
    vscode.l10n.t('Stay Signed In'),
  );
  if (choice !== signOutAction) return;
  await tokens.delete(url);
  await deps.workflowLinks.unlink(url);
  await forgetInstance(url);
  log.info(`signed out of ${url}`);
}

interface InstanceItem {
  icon?: string;
  label: string;
  description?: string;
  detail?: string;
  url?: string;
  account?: WorkflowAccount;
}

/** Step 1: accounts of GitLab Workflow first, then recently used instances, gitlab.com, git-remote hosts, "another". */
async function chooseInstance(deps: SignInDeps) {
  const signedIn = new Set(configuredInstances(deps.tokens.environmentInstance()));
  const recent = deps.recents
    .list()
    .map(normalizeInstanceUrl)
    .filter((url): url is string => url !== undefined);
  const fromRemotes = await remoteHosts();
  const seen = new Set<string>();
  const urlItem = (url: string, description: string): InstanceItem[] =>
    seen.has(url) ? [] : (seen.add(url), [{ icon: 'server', label: instanceLabel(url), description, url }]);
  const items: InstanceItem[] = [
    ...recent.flatMap((url) =>
      urlItem(url, signedIn.has(url) ? vscode.l10n.t('signed in') : vscode.l10n.t('used before')),
    ),
    ...[...signedIn].flatMap((url) => urlItem(url, vscode.l10n.t('signed in'))),
    ...urlItem(DEFAULT_INSTANCE, 'GitLab.com'),
    ...fromRemotes.flatMap((url) => urlItem(url, vscode.l10n.t("from this workspace's git remotes"))),
    { icon: 'edit', label: vscode.l10n.t('Another GitLab instance…'), description: vscode.l10n.t('type its URL') },
  ];
  const accountItems = workflowAccounts(deps.log).then((accounts) =>
    accounts.map((account): InstanceItem => ({
      icon: 'account',
      label: vscode.l10n.t('@{0} on {1}', account.username, instanceLabel(account.instanceUrl)),
      description: vscode.l10n.t('GitLab Workflow account'),
      account,
    })),
  );
  return pickStep<InstanceItem, InstanceChoice>(frame(1, false), items, {
    placeholder: vscode.l10n.t('Which GitLab instance?'),
    before: accountItems,
    whileChecking: (item) =>
      item.account &&
      vscode.l10n.t(
        "Using @{0} on {1}: VS Code may ask whether this extension may use GitLab Workflow's sign-in (its dialog does not name the account). Only @{0}'s own token for {1} is used.",
        item.account.username,
        instanceLabel(item.account.instanceUrl),
      ),
    accept: async (item) => {
      if (item.account) return checkAccount(deps, item.account);
      if (!item.url) return { value: { kind: 'type' } };
      const checked = await checkInstance(deps, item.url);
      return {
        value:
          'problem' in checked
            ? { kind: 'failed', instanceUrl: item.url, problem: checked.problem }
            : { kind: 'checked', instanceUrl: item.url },
      };
    },
  });
}

/**
 * A GitLab Workflow account: its instance checked like any other (and an http:// one warned about), then its token
 * (after VS Code asks the user) — used only if the session handed over is the picked account's own, and only after
 * `/user` on that instance answers with the account's user.
 */
async function checkAccount(deps: SignInDeps, account: WorkflowAccount): Promise<Checked<InstanceChoice>> {
  const instance = await checkInstance(deps, account.instanceUrl);
  if ('problem' in instance) return instance;
  if (!(await clearTextAccepted(account.instanceUrl))) return { problem: clearTextWarning(account.instanceUrl) };
  let token: string;
  try {
    token = await workflowSessionToken(account);
  } catch (error) {
    if (error instanceof OtherAccountSessionError) {
      deps.log.warn(
        `sign-in: ${error.message} when @${account.username} on ${account.instanceUrl} was picked; its token was not used`,
      );
      return { problem: otherAccountProblem(error) };
    }
    deps.log.error(`reading the GitLab Workflow account for ${account.instanceUrl} failed`, error);
    return {
      problem: vscode.l10n.t(
        'GitLab Workflow did not hand over this account ({0}). Pick another, or paste a token.',
        (error as Error)?.message ?? String(error),
      ),
    };
  }
  const verified = await checkToken(deps.clients, account.instanceUrl, token, deps.log, {
    id: account.userId,
    username: account.username,
  });
  return 'problem' in verified ? verified : { value: { kind: 'account', account, verified: verified.value } };
}

function otherAccountProblem({ wanted, got }: OtherAccountSessionError): string {
  const other = got
    ? vscode.l10n.t('@{0} on {1}', got.username, instanceLabel(got.instanceUrl))
    : vscode.l10n.t('another account');
  return vscode.l10n.t(
    'GitLab Workflow handed over {0}, not @{1} on {2} (it gives other extensions its first account, whichever is asked for). Nothing was sent with it. Choose {2} below and paste a token for it instead.',
    other,
    wanted.username,
    instanceLabel(wanted.instanceUrl),
  );
}

/** Step 1, typed: the URL is read as it is typed (http:// warned about), and checked to be GitLab on Enter. */
async function typeInstanceUrl(deps: SignInDeps, value: string, problem?: string) {
  return inputStep<string>(frame(1, true), {
    prompt: vscode.l10n.t(
      'The address of your GitLab, e.g. https://gitlab.example.com (or https://example.com/gitlab), and press Enter',
    ),
    value,
    problem,
    placeholder: 'https://gitlab.example.com',
    hint: (typed) => {
      if (typed.trim() === '') return undefined;
      const parsed = parseInstanceUrl(typed);
      if ('problem' in parsed) return { message: parsed.problem, severity: vscode.InputBoxValidationSeverity.Error };
      return isClearText(parsed.url)
        ? { message: clearTextWarning(parsed.url), severity: vscode.InputBoxValidationSeverity.Warning }
        : undefined;
    },
    accept: async (typed) => {
      const parsed = parseInstanceUrl(typed);
      if ('problem' in parsed) return parsed;
      const checked = await checkInstance(deps, parsed.url);
      return 'problem' in checked ? checked : { value: parsed.url };
    },
  });
}

/** Step 2: the token, checked with GitLab while the box stays open; Back returns to the instance. */
async function askToken(deps: SignInDeps, instanceUrl: string) {
  const label = instanceLabel(instanceUrl);
  return inputStep<VerifiedToken>(frame(2, true), {
    prompt: vscode.l10n.t(
      'Paste a personal access token for {0}: "read_api" to watch deployments; "api" to also approve, reject and run them. The button above opens GitLab\'s page to create one with "api".',
      label,
    ),
    password: true,
    buttons: [
      {
        button: {
          iconPath: new vscode.ThemeIcon('link-external'),
          tooltip: vscode.l10n.t('Create a token in GitLab (api scope)'),
        },
        run: () => void vscode.env.openExternal(vscode.Uri.parse(tokenCreationUrl(instanceUrl))),
      },
    ],
    accept: (token) => checkToken(deps.clients, instanceUrl, token.trim(), deps.log),
  });
}

/** Is a GitLab API at this address? Asked without a token; the problem, if any, is said for this URL. */
async function checkInstance(deps: SignInDeps, instanceUrl: string): Promise<Checked<string>> {
  const label = instanceLabel(instanceUrl);
  try {
    const client = await deps.clients.create(instanceUrl, async () => '');
    const probe = await client.probe();
    if (probe.kind === 'gitlab') return { value: instanceUrl };
    deps.log.warn(`sign-in: ${instanceUrl} is not a GitLab API: ${probe.reason}`);
    const redirect = probe.redirectTo ? ` ${vscode.l10n.t('Try {0} instead.', probe.redirectTo)}` : '';
    return { problem: `${vscode.l10n.t('{0} does not look like a GitLab API: {1}.', label, probe.reason)}${redirect}` };
  } catch (error) {
    deps.log.error(`sign-in: checking ${instanceUrl} failed`, error);
    return {
      problem: isGitLabError(error)
        ? error.userMessage
        : vscode.l10n.t('{0} could not be checked: {1}', label, (error as Error)?.message ?? String(error)),
    };
  }
}

/** http:// sends the token in clear: said, and the user decides. */
async function clearTextAccepted(instanceUrl: string): Promise<boolean> {
  if (!isClearText(instanceUrl)) return true;
  const proceed = vscode.l10n.t('Continue');
  const choice = await askModal(
    clearTextWarning(instanceUrl),
    vscode.l10n.t(
      'Anyone on the network between you and GitLab can read the token and act as you. Use the https:// address if your GitLab has one.',
    ),
    proceed,
    vscode.l10n.t("Don't Send the Token"),
  );
  return choice === proceed;
}

function clearTextWarning(instanceUrl: string): string {
  return vscode.l10n.t('{0} uses http://: your access token would travel unencrypted.', instanceLabel(instanceUrl));
}

function frame(step: number, canGoBack: boolean): StepFrame {
  return { title: TITLE(), step, totalSteps: 2, canGoBack };
}

/** Web addresses the workspace's git remotes suggest (trusted workspaces only). */
async function remoteHosts(): Promise<string[]> {
  if (!vscode.workspace.isTrusted) return [];
  const origins = (await workspaceRemoteUrls()).map(likelyInstanceOrigin);
  return [...new Set(origins.filter((origin): origin is string => origin !== undefined))];
}
