import * as vscode from 'vscode';
import type { RefreshEngine } from '../core/refresh/engine';
import type { Snapshot } from '../core/refresh/snapshot';
import { Disposable } from './disposable';
import type { Instances } from './instances';

export type ViewState = 'signedOut' | 'loading' | 'noProjects' | 'unsupported' | 'nothingBlocked' | 'ok';

/** `gitlabApprovals.signedIn` and `gitlabApprovals.state`, which pick the welcome view and the menus. */
export class ContextKeys extends Disposable {
  private state?: ViewState;

  constructor(
    private readonly instances: Instances,
    engine: RefreshEngine,
  ) {
    super();
    this.register(engine.onDidChange((snapshot) => this.update(snapshot)));
    this.register(instances.onDidChange(() => this.update(engine.snapshot())));
    this.update(engine.snapshot());
  }

  get viewState(): ViewState | undefined {
    return this.state;
  }

  private update(snapshot: Snapshot): void {
    const state = viewState(this.instances.signedIn, snapshot);
    void vscode.commands.executeCommand('setContext', 'gitlabApprovals.signedIn', this.instances.signedIn);
    if (state === this.state) return;
    this.state = state;
    void vscode.commands.executeCommand('setContext', 'gitlabApprovals.state', state);
  }
}

export function viewState(signedIn: boolean, snapshot: Snapshot): ViewState {
  if (!signedIn) return 'signedOut';
  const loaded = snapshot.instances.filter((i) => i.lastSuccessAt !== undefined);
  if (loaded.length === 0) return 'loading';
  if (loaded.every((i) => i.capabilities && !i.capabilities.deploymentApprovals.available)) return 'unsupported';
  if (loaded.every((i) => i.projects.length === 0)) return 'noProjects';
  const blocked = loaded.some((i) =>
    i.projects.some((p) => p.environments.some((e) => e.deployments.length > 0 || e.protection)),
  );
  return blocked ? 'ok' : 'nothingBlocked';
}
