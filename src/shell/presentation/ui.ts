// Every notification, modal, quick pick, input box and progress notification the extension shows goes through here,
// so no text from GitLab reaches one of them without passing the one escaping home (core/presentation). The lint
// configuration forbids calling these VS Code APIs anywhere else.
import * as vscode from 'vscode';
import { messageText, pickText } from '../../core/presentation';

export function showInfo<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showInformationMessage(messageText(message), ...actions);
}

export function showWarning<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showWarningMessage(messageText(message), ...actions);
}

export function showErrorMessage<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showErrorMessage(messageText(message), ...actions);
}

/**
 * A modal question; resolves to the chosen action, undefined when dismissed. With `safe`, that choice comes first: VS
 * Code's dialog makes its first button the primary one and focuses it, so Enter (a second Enter after a comment box's,
 * say) takes the safe choice, never the risky one; choosing it is the same as dismissing. A detail given as lines is
 * shown one line each (each escaped on its own).
 */
export async function askModal<T extends string>(
  message: string,
  detail: string | readonly string[] | undefined,
  action: T,
  safe?: string,
): Promise<T | undefined> {
  // Lines (a list the person must see whole) are escaped one by one, so each is one line of its own.
  const lines = detail === undefined ? undefined : typeof detail === 'string' ? [detail] : detail;
  const chosen = await vscode.window.showWarningMessage<string>(
    messageText(message),
    { modal: true, detail: lines?.map(messageText).join('\n') },
    ...(safe === undefined ? [action] : [safe, action]),
  );
  return chosen === action ? action : undefined;
}

/**
 * Where to save a file: VS Code's save dialog, which asks before replacing the chosen file. Undefined when dismissed.
 */
export function askSavePath(options: {
  title: string;
  defaultUri: vscode.Uri | undefined;
  filters: Record<string, string[]>;
  saveLabel: string;
}): Thenable<vscode.Uri | undefined> {
  return vscode.window.showSaveDialog({ ...options, title: messageText(options.title) });
}

/** A notification with progress (cancellable) while `task` runs. */
export function withNotificationProgress<T>(
  title: string,
  task: (token: vscode.CancellationToken) => Thenable<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: messageText(title), cancellable: true },
    (_progress, token) => task(token),
  );
}

/** A quick-pick entry: `icon` is the extension's own codicon; every text is shown as typed. */
export interface PickItem {
  icon?: string;
  label: string;
  description?: string;
  detail?: string;
}

export interface PickOptions {
  title?: string;
  placeHolder?: string;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
  ignoreFocusOut?: boolean;
}

export async function pickOne<T extends PickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
  const shown = items.map(displayItem);
  const chosen = await vscode.window.showQuickPick(shown, pickOptions(options));
  return chosen ? items[shown.indexOf(chosen)] : undefined;
}

/**
 * A multi-select pick. Enter with nothing checked takes the highlighted item, as a person pressing Enter on it means
 * (VS Code's own multi-select would close and return nothing). Empty when dismissed.
 */
export function pickMany<T extends PickItem>(items: readonly T[], options: PickOptions): Promise<T[]> {
  const shown = items.map(displayItem);
  const { title, placeHolder, matchOnDescription, matchOnDetail, ignoreFocusOut } = pickOptions(options);
  const pick = vscode.window.createQuickPick<T & vscode.QuickPickItem>();
  Object.assign(pick, { title, placeholder: placeHolder, matchOnDescription, matchOnDetail, ignoreFocusOut });
  pick.canSelectMany = true;
  pick.items = shown;
  return new Promise<T[]>((resolve) => {
    let chosen: readonly (T & vscode.QuickPickItem)[] = [];
    pick.onDidAccept(() => {
      chosen = pick.selectedItems.length > 0 ? pick.selectedItems : pick.activeItems.slice(0, 1);
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(chosen.map((item) => items[shown.indexOf(item)]).filter((item) => item !== undefined));
    });
    pick.show();
  });
}

export interface InputOptions {
  title: string;
  prompt: string;
  placeHolder?: string;
  value?: string;
  validateInput?: (value: string) => string | undefined;
  /**
   * A warning said under the box as the person types, once it is known (the box opens at once, without waiting for
   * it; VS Code shows a check's message from the first change of the value on). It does not block accepting; a
   * problem from validateInput is said in its place. Known when the box opens, put it in the prompt too.
   */
  note?: { now?: string; later: Thenable<string | undefined> };
}

export function askText(options: InputOptions): Thenable<string | undefined> {
  const { validateInput, note } = options;
  return vscode.window.showInputBox({
    title: messageText(options.title),
    prompt: messageText(note?.now ? `${note.now} ${options.prompt}` : options.prompt),
    placeHolder: options.placeHolder === undefined ? undefined : messageText(options.placeHolder),
    value: options.value,
    ignoreFocusOut: true,
    validateInput:
      validateInput || note
        ? (value) => {
            const problem = safeOptional(validateInput?.(value));
            if (problem !== undefined || !note) return problem;
            return Promise.resolve(note.later).then(
              (text) =>
                text ? { message: messageText(text), severity: vscode.InputBoxValidationSeverity.Warning } : undefined,
              () => undefined,
            );
          }
        : undefined,
  });
}

function displayItem<T extends PickItem>(item: T): T & vscode.QuickPickItem {
  const { icon, label, description, detail } = item;
  return {
    ...item,
    label: `${icon ? `$(${icon}) ` : ''}${pickText(label)}`,
    description: description === undefined ? undefined : pickText(description),
    detail: detail === undefined ? undefined : pickText(detail),
  };
}

function pickOptions(options: PickOptions): vscode.QuickPickOptions {
  return {
    ...options,
    title: options.title === undefined ? undefined : messageText(options.title),
    placeHolder: options.placeHolder === undefined ? undefined : messageText(options.placeHolder),
  };
}

function safeOptional(value: string | undefined): string | undefined {
  return value === undefined ? undefined : messageText(value);
}
