// Multi-step quick input with a Back button, in the shape of VS Code's own multi-step flows (one QuickPick or InputBox
// per step, `step`/`totalSteps` in the title bar, QuickInputButtons.Back on every step but the first). A step may check
// what the user chose while it stays open and busy; a problem is shown in place and the user fixes it or goes back.
// Every text passes the one escaping home (core/presentation): error texts may quote GitLab.
import * as vscode from 'vscode';
import { messageText, pickText } from '../../core/presentation';
import type { PickItem } from '../presentation/ui';

export const BACK = Symbol('back');
export type StepResult<R> = R | typeof BACK | undefined;

export interface StepFrame {
  title: string;
  step: number;
  totalSteps: number;
  /** Offer the Back button (not on the first step). */
  canGoBack: boolean;
}

/** What a step's check decided: go on with a value, or stay and show the problem. */
export type Checked<R> = { value: R } | { problem: string };

export interface PickStepOptions<T extends PickItem, R> {
  placeholder: string;
  /** Items that arrive later (from another extension), shown above the others when they do. */
  before?: Promise<readonly T[]>;
  /** Runs while the pick stays open and busy. A problem is shown as the pick's placeholder, and the pick stays. */
  accept: (item: T) => Promise<Checked<R>>;
  /** What the pick's placeholder says while `accept` runs for this item (e.g. what a dialog it opens does not say). */
  whileChecking?: (item: T) => string | undefined;
}

export function pickStep<T extends PickItem, R>(
  frame: StepFrame,
  items: readonly T[],
  options: PickStepOptions<T, R>,
): Promise<StepResult<R>> {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { index: number }>();
  applyFrame(pick, frame);
  pick.placeholder = messageText(options.placeholder);
  pick.matchOnDescription = true;
  let all = [...items];
  const show = () => {
    const active = pick.activeItems[0] && all[pick.activeItems[0].index];
    const shown = all.map((item, index) => ({
      index,
      label: `${item.icon ? `$(${item.icon}) ` : ''}${pickText(item.label)}`,
      description: item.description === undefined ? undefined : pickText(item.description),
      detail: item.detail === undefined ? undefined : pickText(item.detail),
    }));
    pick.items = shown;
    // Items arriving late must not move the user's highlight.
    if (active) pick.activeItems = shown.filter((s) => all[s.index] === active);
  };
  show();
  void options.before?.then((early) => {
    if (early.length === 0) return;
    all = [...early, ...all];
    show();
  });
  return runStep(pick, async () => {
    const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
    if (!chosen) return undefined;
    const saying = options.whileChecking?.(all[chosen.index]);
    if (saying !== undefined) pick.placeholder = messageText(saying);
    const checked = await options.accept(all[chosen.index]);
    if ('problem' in checked) pick.placeholder = messageText(checked.problem);
    return checked;
  });
}

export interface InputStepOptions<R> {
  prompt: string;
  value?: string;
  placeholder?: string;
  password?: boolean;
  /** A problem found when the step opens (e.g. the last check of this value), shown until the value changes. */
  problem?: string;
  /** Checked on every keystroke, before anything is sent: an error blocks accepting, a warning does not. */
  hint?: (value: string) => vscode.InputBoxValidationMessage | undefined;
  /** Extra title-bar buttons (besides Back). */
  buttons?: { button: vscode.QuickInputButton; run: () => void }[];
  /** Runs while the box stays open and busy. A problem is shown as the box's validation message. */
  accept: (value: string) => Promise<Checked<R>>;
}

export function inputStep<R>(frame: StepFrame, options: InputStepOptions<R>): Promise<StepResult<R>> {
  const box = vscode.window.createInputBox();
  applyFrame(box, frame);
  box.prompt = messageText(options.prompt);
  box.value = options.value ?? '';
  box.placeholder = options.placeholder === undefined ? undefined : messageText(options.placeholder);
  box.password = options.password ?? false;
  const extraButtons = options.buttons ?? [];
  box.buttons = [...box.buttons, ...extraButtons.map((b) => b.button)];
  const showHint = (value: string) => {
    const hint = options.hint?.(value);
    box.validationMessage = hint && { ...hint, message: messageText(hint.message) };
  };
  if (options.problem) box.validationMessage = messageText(options.problem);
  else showHint(box.value);
  box.onDidChangeValue(showHint);
  box.onDidTriggerButton((button) => extraButtons.find((b) => b.button === button)?.run());
  return runStep(box, async () => {
    const hint = options.hint?.(box.value);
    if (hint?.severity === vscode.InputBoxValidationSeverity.Error) return undefined;
    const checked = await options.accept(box.value);
    if ('problem' in checked) box.validationMessage = messageText(checked.problem);
    return checked;
  });
}

function applyFrame(input: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[] }, frame: StepFrame) {
  input.title = messageText(frame.title);
  input.step = frame.step;
  input.totalSteps = frame.totalSteps;
  input.ignoreFocusOut = true;
  input.buttons = frame.canGoBack ? [vscode.QuickInputButtons.Back] : [];
}

/**
 * Shows the input until it is accepted with a value that passes its check (→ the value), Back is pressed (→ BACK), or
 * it is hidden (→ undefined). While a check runs the input is busy and ignores further accepts.
 */
function runStep<R>(
  input: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox,
  check: () => Promise<Checked<R> | undefined>,
): Promise<StepResult<R>> {
  return new Promise((resolve) => {
    let done = false;
    let checking = false;
    const finish = (result: StepResult<R>) => {
      if (done) return;
      done = true;
      input.dispose();
      resolve(result);
    };
    input.onDidTriggerButton((button) => button === vscode.QuickInputButtons.Back && finish(BACK));
    input.onDidHide(() => finish(undefined));
    input.onDidAccept(async () => {
      if (checking || done) return;
      checking = true;
      input.busy = true;
      input.enabled = false;
      try {
        const checked = await check();
        if (checked && 'value' in checked) finish(checked.value);
      } finally {
        checking = false;
        if (!done) {
          input.busy = false;
          input.enabled = true;
        }
      }
    });
    input.show();
  });
}
