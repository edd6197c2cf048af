import type * as vscode from 'vscode';

const KEY = 'gitlabApprovals.recentInstances';
const KEEP = 8;

/** The instances the user signed in to, most recent first (kept after signing out, so Sign In offers them again). */
export class RecentInstances {
  constructor(private readonly state: vscode.Memento) {}

  list(): string[] {
    const stored = this.state.get<unknown>(KEY);
    return Array.isArray(stored) ? stored.filter((url): url is string => typeof url === 'string') : [];
  }

  async used(instanceUrl: string): Promise<void> {
    await this.state.update(KEY, [instanceUrl, ...this.list().filter((url) => url !== instanceUrl)].slice(0, KEEP));
  }
}
