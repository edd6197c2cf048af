import type * as vscode from 'vscode';
import type { RefreshEngine } from '../core/refresh/engine';
import { keepInstance, KEPT_STATE_VERSION, restoreInstances, type KeptState } from '../core/refresh/keptState';
import type { InstanceView, Snapshot } from '../core/refresh/snapshot';
import { Disposable } from './disposable';

const KEY = 'gitlabApprovals.lastKnownState';
/** Instance → id of the user who last signed in to it through Sign In. */
const SIGNED_IN_USERS_KEY = 'gitlabApprovals.signedInUsers';
/** Saving waits this long after a change, so a burst of changes is written once. */
const SAVE_DELAY_MS = 2_000;
/** Unchanged deployments are written again only this often (to move "last seen at" on). */
const RESAVE_UNCHANGED_MS = 10 * 60_000;

/**
 * The last known deployments of every signed-in instance, in VS Code's global state: kept across restarts and read by
 * every new window, so the count and rows show at once, marked not yet refreshed. Nothing secret is kept (see
 * core/refresh/keptState.ts); an instance signed out of is dropped at the next save.
 */
export class LastKnownState extends Disposable {
  private timer?: ReturnType<typeof setTimeout>;
  private lastWritten?: { content: string; at: number };

  constructor(
    private readonly memento: vscode.Memento,
    private readonly engine: RefreshEngine,
  ) {
    super();
    this.register(engine.onDidChange((snapshot) => this.saveSoon(snapshot)));
    this.register({ dispose: () => this.flush() });
  }

  /** The kept views of these instances (the configured ones; others are ignored), of the user last signed in to each. */
  restore(instanceUrls: readonly string[]): InstanceView[] {
    const signedIn = this.memento.get<Record<string, number>>(SIGNED_IN_USERS_KEY, {});
    return restoreInstances(this.memento.get(KEY), instanceUrls, new Map(Object.entries(signedIn)));
  }

  /** Who signed in to the instance (a user id, nothing secret): another account's kept rows are not shown after it. */
  async signedIn(instanceUrl: string, userId: number): Promise<void> {
    const signedIn = this.memento.get<Record<string, number>>(SIGNED_IN_USERS_KEY, {});
    await this.memento.update(SIGNED_IN_USERS_KEY, { ...signedIn, [instanceUrl]: userId });
  }

  private saveSoon(snapshot: Snapshot): void {
    if (snapshot.refreshing) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.save(this.engine.snapshot()), SAVE_DELAY_MS);
  }

  private flush(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.save(this.engine.snapshot());
  }

  /** Instances refreshed since are kept anew; the others keep what was kept before; instances gone are dropped. */
  private async save(snapshot: Snapshot): Promise<void> {
    this.timer = undefined;
    const previous = this.memento.get<KeptState>(KEY);
    const before = new Map(
      (previous?.version === KEPT_STATE_VERSION ? previous.instances : []).map((i) => [i.instanceUrl, i]),
    );
    const instances = snapshot.instances.flatMap((view) => {
      const fresh = view.lastSuccessAt !== undefined && view.restoredFrom === undefined && !view.error;
      if (fresh) return [keepInstance(view, view.lastSuccessAt!)];
      const kept = before.get(view.instanceUrl);
      return kept ? [kept] : [];
    });
    // Most polls change nothing: then nothing is written, except now and then to move "last seen at" on.
    const content = JSON.stringify(instances.map((i) => ({ ...i, savedAt: 0 })));
    const now = Date.now();
    if (this.lastWritten?.content === content && now - this.lastWritten.at < RESAVE_UNCHANGED_MS) return;
    this.lastWritten = { content, at: now };
    const state: KeptState = { version: KEPT_STATE_VERSION, instances };
    await this.memento.update(KEY, state);
  }
}
