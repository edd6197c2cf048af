import * as vscode from 'vscode';
import type { RefreshEngine } from '../core/refresh/engine';
import { Disposable } from './disposable';

/**
 * Polls only while the window has focus: GitLab is never asked anything from a window in the background. Coming back
 * refreshes at once if the data is older than the poll interval (the engine decides).
 */
/** Something else that reads GitLab only while the window has focus (the job follower). */
export interface Pausable {
  resume(): void;
  pause(): void;
}

export class FocusGate extends Disposable {
  private focused: boolean;

  constructor(
    private readonly engine: RefreshEngine,
    private readonly others: readonly Pausable[] = [],
  ) {
    super();
    this.focused = vscode.window.state.focused;
    this.register(vscode.window.onDidChangeWindowState((state) => this.setFocused(state.focused)));
    this.apply();
  }

  get isFocused(): boolean {
    return this.focused;
  }

  /** Also the seam the integration tests use: a headless browser has no real window focus to toggle. */
  setFocused(focused: boolean): void {
    if (focused === this.focused) return;
    this.focused = focused;
    this.apply();
  }

  private apply(): void {
    for (const gated of [this.engine, ...this.others]) {
      if (this.focused) gated.resume();
      else gated.pause();
    }
  }
}
