import * as vscode from 'vscode';
import { tokenProblem } from '../../core/gitlab/token';
import { DEFAULT_INSTANCE, normalizeInstanceUrl, TOKEN_ENV, URL_ENV } from '../settings';

const KEY_PREFIX = 'gitlabApprovals.token:';

/**
 * Tokens per instance: in SecretStorage (the OS keychain), or the environment variable the user set for one instance.
 * Nothing else ever holds a token: not settings, not global state, not the log.
 */
export class TokenStore {
  readonly onDidChange: vscode.Event<vscode.SecretStorageChangeEvent>;

  /** `environment`: the process's variables on the desktop, none in a browser (the entry point's `Platform`). */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly environment: Readonly<Record<string, string | undefined>>,
  ) {
    this.onDidChange = secrets.onDidChange;
  }

  /** The instance the environment variable's token is set for (as written), if one is set. */
  environmentInstance(): string | undefined {
    return this.environment[TOKEN_ENV] ? this.environment[URL_ENV] || DEFAULT_INSTANCE : undefined;
  }

  async get(instanceUrl: string): Promise<string | undefined> {
    return this.fromEnvironment(instanceUrl) ?? (await this.secrets.get(KEY_PREFIX + instanceUrl));
  }

  /** A token from the environment cannot be signed out of here; the UI says so. */
  isFromEnvironment(instanceUrl: string): boolean {
    return this.fromEnvironment(instanceUrl) !== undefined;
  }

  /**
   * Why the environment variable's token cannot be used (a line break inside it, a NUL…), or undefined. Such a token
   * is never sent; the user is told once, by `Instances`.
   */
  environmentTokenProblem(): { instanceUrl: string; problem: string } | undefined {
    const token = this.environment[TOKEN_ENV]?.trim();
    const instanceUrl = normalizeInstanceUrl(this.environment[URL_ENV] || DEFAULT_INSTANCE);
    const problem = token ? tokenProblem(token) : undefined;
    return problem && instanceUrl ? { instanceUrl, problem } : undefined;
  }

  /** The instance the environment variable's token is used for, and whether that is gitlab.com by default. */
  environmentTokenUse(): { instanceUrl: string; defaulted: boolean } | undefined {
    const instanceUrl = normalizeInstanceUrl(this.environment[URL_ENV] || DEFAULT_INSTANCE);
    if (!this.environment[TOKEN_ENV]?.trim() || !instanceUrl) return undefined;
    return { instanceUrl, defaulted: !this.environment[URL_ENV] };
  }

  store(instanceUrl: string, token: string): Thenable<void> {
    return this.secrets.store(KEY_PREFIX + instanceUrl, token);
  }

  delete(instanceUrl: string): Thenable<void> {
    return this.secrets.delete(KEY_PREFIX + instanceUrl);
  }

  private fromEnvironment(instanceUrl: string): string | undefined {
    const token = this.environment[TOKEN_ENV]?.trim();
    if (!token) return undefined;
    return normalizeInstanceUrl(this.environment[URL_ENV] || DEFAULT_INSTANCE) === instanceUrl ? token : undefined;
  }
}
