import type * as vscode from 'vscode';
import type { RefreshEngine } from '../core/refresh/engine';
import {
  countInstance,
  keepInstance,
  KEPT_COUNTS_VERSION,
  KEPT_STATE_VERSION,
  restoreCounts,
  restoreInstances,
  type KeptCount,
  type KeptCounts,
  type KeptInstance,
  type KeptState,
} from '../core/refresh/keptState';
import type { InstanceView, Snapshot } from '../core/refresh/snapshot';
import { Disposable } from './disposable';

const KEY = 'gitlabApprovals.lastKnownState';
/** The status bar's counts, kept apart from the rows: read at activation, before the rows. */
const COUNTS_KEY = 'gitlabApprovals.lastKnownCounts';
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
    return restoreInstances(this.memento.get(KEY), instanceUrls, this.signedInUsers());
  }

  /**
   * The status bar's kept counts of these instances, under the same rules as `restore`: shown at activation, before
   * the rows are restored. None where the state was kept before counts were (the rows then bring the count).
   */
  counts(instanceUrls: readonly string[]): KeptCount[] {
    return restoreCounts(this.memento.get(COUNTS_KEY), instanceUrls, this.signedInUsers());
  }

  private signedInUsers(): Map<string, number> {
    return new Map(Object.entries(this.memento.get<Record<string, number>>(SIGNED_IN_USERS_KEY, {})));
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
    const countsBefore = new Map(
      this.counts(snapshot.instances.map((i) => i.instanceUrl)).map((c) => [c.instanceUrl, c]),
    );
    const kept = snapshot.instances.flatMap((view): [KeptInstance, KeptCount?][] => {
      const fresh = view.lastSuccessAt !== undefined && view.restoredFrom === undefined && !view.error;
      if (fresh) return [[keepInstance(view, view.lastSuccessAt!), countInstance(view, view.lastSuccessAt!)]];
      const previous = before.get(view.instanceUrl);
      return previous ? [[previous, countsBefore.get(view.instanceUrl)]] : [];
    });
    const instances = kept.map(([instance]) => instance);
    // Most polls change nothing: then nothing is written, except now and then to move "last seen at" on.
    const content = JSON.stringify(instances.map((i) => ({ ...i, savedAt: 0 })));
    const now = Date.now();
    if (this.lastWritten?.content === content && now - this.lastWritten.at < RESAVE_UNCHANGED_MS) return;
    this.lastWritten = { content, at: now };
    const state: KeptState = { version: KEPT_STATE_VERSION, instances };
    const counts: KeptCounts = { version: KEPT_COUNTS_VERSION, instances: kept.flatMap(([, count]) => count ?? []) };
    await Promise.all([this.memento.update(KEY, state), this.memento.update(COUNTS_KEY, counts)]);
  }
}
