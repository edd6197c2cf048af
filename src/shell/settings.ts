import * as vscode from 'vscode';
import type { CaFileSetting } from '../core/gitlab/caFiles';
import { normalizeInstanceUrl } from '../core/instanceUrl';

export { normalizeInstanceUrl };

export type StatusBarMode = 'awaitingMe' | 'allBlocked' | 'hidden';

export const SECTION = 'gitlabApprovals';
export const MIN_POLL_SECONDS = 15;

/** Environment variables for remote and CI use: a token (and the instance it belongs to) set by the user. */
export const TOKEN_ENV = 'GITLAB_APPROVALS_TOKEN';
export const URL_ENV = 'GITLAB_APPROVALS_URL';
export const DEFAULT_INSTANCE = 'https://gitlab.com';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/**
 * The signed-in instances, from the user's own settings only. The setting is application-scoped, and we also read
 * `globalValue` explicitly: a workspace (a cloned repository) must never be able to point the token at its own server.
 * `environmentInstance`: the instance of the environment-variable sign-in (`TokenStore.environmentInstance`), if any.
 */
export function configuredInstances(environmentInstance: string | undefined): string[] {
  const fromUser = config().inspect<string[]>('instances')?.globalValue ?? [];
  const fromEnv = environmentInstance ? [environmentInstance] : [];
  return unique([...fromUser, ...fromEnv].map(normalizeInstanceUrl).filter((u): u is string => u !== undefined));
}

export async function rememberInstance(url: string): Promise<void> {
  const current = config().inspect<string[]>('instances')?.globalValue ?? [];
  if (!current.includes(url)) await config().update('instances', [...current, url], vscode.ConfigurationTarget.Global);
}

export async function forgetInstance(url: string): Promise<void> {
  const current = config().inspect<string[]>('instances')?.globalValue ?? [];
  await config().update(
    'instances',
    current.filter((u) => normalizeInstanceUrl(u) !== url),
    vscode.ConfigurationTarget.Global,
  );
}

export function pollIntervalMs(): number {
  return Math.max(MIN_POLL_SECONDS, config().get<number>('pollIntervalSeconds', 60)) * 1000;
}

export function statusBarMode(): StatusBarMode {
  const mode = config().get<string>('statusBar', 'awaitingMe');
  return mode === 'allBlocked' || mode === 'hidden' ? mode : 'awaitingMe';
}

export function notificationsEnabled(): boolean {
  return config().get<boolean>('notifications', false);
}

/** A notification when a job the person started ends while the window is in the background (on unless turned off). */
export function followThroughNotifies(): boolean {
  return config().get<boolean>('followThrough.notify', true);
}

export async function disableNotifications(): Promise<void> {
  await config().update('notifications', false, vscode.ConfigurationTarget.Global);
}

/**
 * The CA file setting, from the user's own settings only (machine scope): a workspace may never change whom TLS
 * trusts. A path, or an object from instance URL to path; `caFileForInstance` says which instance it is for.
 */
export function caFileSetting(): CaFileSetting {
  return config().inspect<CaFileSetting>('caFile')?.globalValue;
}

export interface WatchConfiguration {
  projects: string[];
  membership: boolean;
  gitRemotes: boolean;
  /** Path patterns narrowing the membership projects (`gitlabApprovals.projectFilter`). */
  patterns: string[];
}

/** In an untrusted workspace its own settings are ignored for these (package.json `restrictedConfigurations`). */
export function watchConfiguration(): WatchConfiguration {
  return {
    projects: config().get<string[]>('projects', []),
    membership: config().get<boolean>('watchMembershipProjects', true),
    gitRemotes: config().get<boolean>('watchGitRemotes', true) && vscode.workspace.isTrusted,
    patterns: config()
      .get<unknown[]>('projectFilter', [])
      .filter((p): p is string => typeof p === 'string'),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The off switch for the agent's write tools, from the user's own settings: a workspace cannot turn them back on. */
export const AGENT_ACTIONS_SETTING = 'agentTools.allowActions';

export function agentActionsAllowed(): boolean {
  const inspected = config().inspect<boolean>(AGENT_ACTIONS_SETTING);
  return inspected?.globalValue ?? inspected?.defaultValue ?? true;
}

/** `gitlabApprovals.overdueAfter` as set: environment name or tier → duration; read by core/ageing/overdue.ts. */
export const OVERDUE_SETTING = 'overdueAfter';

export function overdueAfterSetting(): unknown {
  return config().get<unknown>(OVERDUE_SETTING, {});
}

/**
 * Environments (names or tiers) where the person asked that someone else approve what ships their own work
 * (`gitlabApprovals.independentApproval`), from the user's own settings only: a workspace cannot turn it off.
 */
export function independentApprovalEnvironments(): string[] {
  const value = config().inspect<unknown>('independentApproval')?.globalValue;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
