import * as vscode from 'vscode';
import { isGitLabError, redactSecrets } from '../core/errors';
import { logText } from '../core/presentation';
import { Disposable } from './disposable';

/**
 * The extension's log: a LogOutputChannel, whose level the user sets with VS Code's own "Set Log Level…" (the channel
 * drops what is below it). Everything written passes through secret redaction, one entry per line.
 */
export class Log extends Disposable {
  readonly channel = this.register(vscode.window.createOutputChannel('GitLab Deployment Approvals', { log: true }));

  trace(message: string): void {
    if (this.channel.logLevel <= vscode.LogLevel.Trace) this.channel.trace(clean(message));
  }
  debug(message: string): void {
    if (this.channel.logLevel <= vscode.LogLevel.Debug) this.channel.debug(clean(message));
  }
  info(message: string): void {
    this.channel.info(clean(message));
  }
  warn(message: string): void {
    this.channel.warn(clean(message));
  }
  /** A failure: GitLab errors log their technical detail, anything else its stack. */
  error(context: string, error: unknown): void {
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
}

/** No secret, and no line break a GitLab value could use to forge another entry. */
function clean(message: string): string {
  return redactSecrets(logText(message));
}
