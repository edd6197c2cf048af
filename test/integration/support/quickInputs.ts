// Drives the extension's real QuickPicks and InputBoxes in the real workbench: the objects are VS Code's own (only
// recorded as they are shown), values are set through their API, and Enter and Back are the workbench's own commands
// (`workbench.action.acceptSelectedQuickOpenItem`, `workbench.action.quickInputBack`), as a keyboard would send them.
import * as assert from 'node:assert/strict';
import type * as sinon from 'sinon';
import * as vscode from 'vscode';
import { waitFor } from './harness';

type Input = vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox;

interface Recorded {
  input: Input;
  kind: 'pick' | 'box';
  closed: boolean;
}

/** Property changes reach the workbench on the next tick (VS Code batches them); a command sent sooner races them. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

export class QuickInputs {
  private readonly shown: Recorded[] = [];
  private seen = 0;

  constructor(sandbox: sinon.SinonSandbox) {
    const createQuickPick = vscode.window.createQuickPick.bind(vscode.window);
    const createInputBox = vscode.window.createInputBox.bind(vscode.window);
    sandbox.stub(vscode.window, 'createQuickPick').callsFake(() => this.record(createQuickPick(), 'pick') as never);
    sandbox.stub(vscode.window, 'createInputBox').callsFake(() => this.record(createInputBox(), 'box'));
  }

  /** The next pick shown, once it lists an item matching `label`. */
  async pick(label: RegExp): Promise<vscode.QuickPick<vscode.QuickPickItem>> {
    const pick = (await this.next('pick')).input as vscode.QuickPick<vscode.QuickPickItem>;
    await waitFor(() => pick.items.some((i) => label.test(i.label)), `an item ${label} in "${pick.title}"`);
    return pick;
  }

  /** Highlights the item and presses Enter. */
  async choose(pick: vscode.QuickPick<vscode.QuickPickItem>, label: RegExp): Promise<void> {
    const item = pick.items.find((i) => label.test(i.label));
    assert.ok(item, `no item ${label}`);
    pick.activeItems = [item];
    await settle();
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }

  /** Presses Enter on the pick as it is (e.g. after checking items). */
  async accept(): Promise<void> {
    await settle();
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }

  /** The next input box shown. */
  async box(): Promise<vscode.InputBox> {
    return (await this.next('box')).input as vscode.InputBox;
  }

  /** Types a value into the box and presses Enter. */
  async enter(box: vscode.InputBox, value: string): Promise<void> {
    box.value = value;
    await settle();
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }

  async back(): Promise<void> {
    await settle();
    await vscode.commands.executeCommand('workbench.action.quickInputBack');
  }

  /** Waits for the box to show a problem (after a check) and returns its text. */
  async problemOf(box: vscode.InputBox, matching: RegExp): Promise<string> {
    await waitFor(() => matching.test(messageOf(box)), `the message ${matching} (now: "${messageOf(box)}")`);
    return messageOf(box);
  }

  /** Every input the flow showed is closed again. */
  async allClosed(): Promise<void> {
    await waitFor(() => this.shown.every((r) => r.closed), 'every quick input to close');
  }

  /** Closes whatever is still open (a test that failed midway must not leave a prompt for the next one). */
  dispose(): void {
    for (const recorded of this.shown) if (!recorded.closed) recorded.input.dispose();
  }

  private record<T extends Input>(input: T, kind: Recorded['kind']): T {
    const recorded: Recorded = { input, kind, closed: false };
    const show = input.show.bind(input);
    const dispose = input.dispose.bind(input);
    input.show = () => {
      this.shown.push(recorded);
      show();
    };
    input.dispose = () => {
      recorded.closed = true;
      dispose();
    };
    return input;
  }

  private async next(kind: Recorded['kind']): Promise<Recorded> {
    await waitFor(() => this.shown.length > this.seen, `a ${kind === 'pick' ? 'quick pick' : 'input box'} to show`);
    const recorded = this.shown[this.seen++];
    assert.equal(recorded.kind, kind, `expected a ${kind}, the flow showed a ${recorded.kind}`);
    return recorded;
  }
}

export function messageOf(box: vscode.InputBox): string {
  const message = box.validationMessage;
  return typeof message === 'string' ? message : (message?.message ?? '');
}
