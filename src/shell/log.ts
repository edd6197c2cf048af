import * as vscode from 'vscode';
import { isGitLabError, redactSecrets } from '../core/errors';
import { logText } from '../core/presentation';
import { Disposable } from './disposable';

const LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'off'] as const;
type Level = (typeof LEVELS)[number];

/**
 * The extension's log: a LogOutputChannel (so "Developer: Set Log Level" applies too) filtered by the
 * `gitlabApprovals.logLevel` setting. Everything written passes through secret redaction, one entry per line.
 */
export class Log extends Disposable {
  readonly channel = this.register(vscode.window.createOutputChannel('GitLab Deployment Approvals', { log: true }));
  private threshold: Level = 'info';

  constructor() {
    super();
    this.readLevel();
    this.register(
      vscode.workspace.onDidChangeConfiguration(
        (e) => e.affectsConfiguration('gitlabApprovals.logLevel') && this.readLevel(),
      ),
    );
  }

  trace(message: string): void {
    if (this.enabled('trace')) this.channel.trace(clean(message));
  }
  debug(message: string): void {
    if (this.enabled('debug')) this.channel.debug(clean(message));
  }
  info(message: string): void {
    if (this.enabled('info')) this.channel.info(clean(message));
  }
  warn(message: string): void {
    if (this.enabled('warning')) this.channel.warn(clean(message));
  }
  /** A failure: GitLab errors log their technical detail, anything else its stack. */
  error(context: string, error: unknown): void {
    if (!this.enabled('error')) return;
    const detail = isGitLabError(error)
      ? `${error.kind}: ${error.detail}`
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
    this.channel.error(clean(`${context}: ${detail}`));
  }

  show(): void {
    this.channel.show(true);
  }

  private enabled(level: Level): boolean {
    return LEVELS.indexOf(level) >= LEVELS.indexOf(this.threshold) && this.threshold !== 'off';
  }

  private readLevel(): void {
    const configured = vscode.workspace.getConfiguration('gitlabApprovals').get<string>('logLevel', 'info');
    this.threshold = (LEVELS as readonly string[]).includes(configured) ? (configured as Level) : 'info';
  }
}

/** No secret, and no line break a GitLab value could use to forge another entry. */
function clean(message: string): string {
  return redactSecrets(logText(message));
}
