// One way to register a command, in the shape of GitLab Workflow's command map and `wrapCommandWithCatch`
// (gitlab-org/gitlab-vscode-extension, src/common/utils/wrap_with_catch.ts and src/desktop/extension.ts): a table from
// command name to handler, every handler wrapped so a failure is said to the person and detailed in the log.
import * as vscode from 'vscode';
import type { Log } from '../log';
import { COMMANDS, type CommandName } from './commandIds';
import { reportFailure } from './feedback';

/** A handler receives what VS Code passes (a clicked tree row, the selected rows, or nothing from the palette). */
export type CommandHandler = (...args: never[]) => unknown;

/** Every contributed command must have a handler: the type makes a missing one a compile error. */
export type CommandTable = Record<CommandName, CommandHandler>;

/** How one run of a command ended: what the handler returned, or what it threw (which the person was told). */
export type CommandOutcome = { failed: false; value: unknown } | { failed: true; error: unknown };

/**
 * The outcome of the last run of each command. The wrapper catches every failure, so `executeCommand` never rejects;
 * the host tests read this to tell a command that worked from one that failed (not a public API).
 */
export class CommandOutcomes {
  private readonly last = new Map<string, CommandOutcome>();

  record(commandId: string, outcome: CommandOutcome): void {
    this.last.set(commandId, outcome);
  }

  /** The last run's outcome, by command id (`gitlabApprovals.…`); undefined if it never finished. */
  lastOf(commandId: string): CommandOutcome | undefined {
    return this.last.get(commandId);
  }
}

export function registerCommands(table: CommandTable, log: Log, outcomes: CommandOutcomes): vscode.Disposable[] {
  return (Object.keys(table) as CommandName[]).map((name) =>
    vscode.commands.registerCommand(COMMANDS[name], wrapCommandWithCatch(name, table[name], log, outcomes)),
  );
}

/** Runs the handler; a failure becomes one plain sentence (with Show Log) and its detail goes to the log. */
export function wrapCommandWithCatch(name: CommandName, handler: CommandHandler, log: Log, outcomes: CommandOutcomes) {
  const run = handler as (...args: unknown[]) => unknown;
  return async (...args: unknown[]): Promise<unknown> => {
    try {
      const value = await run(...args);
      outcomes.record(COMMANDS[name], { failed: false, value });
      return value;
    } catch (error) {
      outcomes.record(COMMANDS[name], { failed: true, error });
      reportFailure(log, COMMANDS[name], error);
      return undefined;
    }
  };
}
