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

export function registerCommands(table: CommandTable, log: Log): vscode.Disposable[] {
  return (Object.keys(table) as CommandName[]).map((name) =>
    vscode.commands.registerCommand(COMMANDS[name], wrapCommandWithCatch(name, table[name], log)),
  );
}

/** Runs the handler; a failure becomes one plain sentence (with Show Log) and its detail goes to the log. */
export function wrapCommandWithCatch(name: CommandName, handler: CommandHandler, log: Log) {
  const run = handler as (...args: unknown[]) => unknown;
  return async (...args: unknown[]): Promise<unknown> => {
    try {
      return await run(...args);
    } catch (error) {
      reportFailure(log, COMMANDS[name], error);
      return undefined;
    }
  };
}
