import * as vscode from 'vscode';
import { isGitLabError, redactSecrets } from '../core/errors';
import { logText } from '../core/presentation';
import { LevelledLog, type LogLevel, type LogLine } from '../core/util/log';
import { Disposable } from './disposable';

/**
 * The extension's log: a LogOutputChannel, whose level the user sets with VS Code's own "Set Log Level…" (info unless
 * changed). A line below that level is not built: callers on hot paths pass a builder (`() => string`), called only
 * when the line will be shown. Everything written passes through secret redaction, one entry per line.
 */
export class Log extends Disposable {
  readonly channel = this.register(vscode.window.createOutputChannel('Deployment Approvals for GitLab', { log: true }));
  /** The same log for core (the client's request trace). */
  readonly core = new LevelledLog({
    level: () => LEVELS[this.channel.logLevel] ?? 'info',
    write: (level, line) => {
      const text = clean(line);
      if (level === 'trace') this.channel.trace(text);
      else if (level === 'debug') this.channel.debug(text);
      else if (level === 'info') this.channel.info(text);
      else if (level === 'warning') this.channel.warn(text);
      else this.channel.error(text);
    },
  });

  trace(message: LogLine): void {
    this.core.trace(message);
  }
  debug(message: LogLine): void {
    this.core.debug(message);
  }
  info(message: LogLine): void {
    this.core.info(message);
  }
  warn(message: LogLine): void {
    this.core.warn(message);
  }
  /** A failure: GitLab errors log their technical detail, anything else its stack. */
  error(context: string, error: unknown): void {
    this.core.error(() => {
      const detail = isGitLabError(error)
        ? `${error.kind}: ${error.detail}`
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
      return `${context}: ${detail}`;
    });
  }

  show(): void {
    this.channel.show(true);
  }
}

const LEVELS: Record<vscode.LogLevel, LogLevel> = {
  [vscode.LogLevel.Off]: 'off',
  [vscode.LogLevel.Trace]: 'trace',
  [vscode.LogLevel.Debug]: 'debug',
  [vscode.LogLevel.Info]: 'info',
  [vscode.LogLevel.Warning]: 'warning',
  [vscode.LogLevel.Error]: 'error',
};

/** No secret, and no line break a GitLab value could use to forge another entry. */
function clean(message: string): string {
  return redactSecrets(logText(message));
}
