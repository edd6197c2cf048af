import * as vscode from 'vscode';
import type { GitLabClient } from '../core/gitlab/client';
import { instanceLabel, isClearText } from '../core/instanceUrl';
import { parseProjectEntry, projectPathFromRemote } from '../core/projects';
import type { RefreshEngine } from '../core/refresh/engine';
import { debounce } from '../core/util/debounce';
import { InstanceSession } from '../core/refresh/instanceSession';
import type { WatchSettings } from '../core/refresh/projectsToWatch';
import type { TokenStore } from './auth/tokenStore';
import type { ClientFactory } from './clientFactory';
import { Disposable } from './disposable';
import type { Log } from './log';
import { showErrorMessage, showInfo, showWarning } from './presentation/ui';
import { caFileSetting, configuredInstances, TOKEN_ENV, URL_ENV, watchConfiguration } from './settings';
import { workspaceRemoteUrls } from './workspaceRemotes';

/** The signed-in instances: one client and one engine session each, rebuilt when sign-in or settings change. */
export class Instances extends Disposable {
  private clients = new Map<string, GitLabClient>();
  private clientsCaFile = '';
  private sessions = new Map<string, InstanceSession>();
  private watch = new Map<string, WatchSettings>();
  /**
   * Signing in stores a secret and a setting, two events a moment apart: one reload for both, so the first load is
   * not started twice.
   */
  private readonly reloadSoon = debounce(
    () => void this.reload().catch((error) => this.log.error('reloading the instances failed', error)),
    100,
  );
  /** The environment token's problem last said, so it is said once, not on every reload. */
  private toldEnvironmentProblem?: string;
  /** Instances already told that the environment token goes there in clear or by default. */
  private readonly toldEnvironmentDestination = new Set<string>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly tokens: TokenStore,
    private readonly clientFactory: ClientFactory,
    private readonly engine: RefreshEngine,
    private readonly log: Log,
  ) {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        const relevant = [
          'instances',
          'projects',
          'watchMembershipProjects',
          'watchGitRemotes',
          'projectFilter',
          'caFile',
        ];
        if (relevant.some((key) => e.affectsConfiguration(`gitlabApprovals.${key}`))) this.reloadSoon();
      }),
    );
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.reloadSoon()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reloadSoon()));
    this.register(tokens.onDidChange(() => this.reloadSoon()));
    this.register({ dispose: () => this.reloadSoon.cancel() });
  }

  get urls(): string[] {
    return [...this.clients.keys()];
  }

  get signedIn(): boolean {
    return this.clients.size > 0;
  }

  client(instanceUrl: string): GitLabClient | undefined {
    return this.clients.get(instanceUrl);
  }

  /** Build a client and session for every configured instance that has a token, and load them. */
  async reload(): Promise<void> {
    const clients = new Map<string, GitLabClient>();
    const caFileNow = JSON.stringify(caFileSetting() ?? '');
    const badEnvironmentToken = this.tellEnvironmentTokenProblem();
    if (!badEnvironmentToken) this.tellEnvironmentTokenDestination();
    for (const url of configuredInstances(this.tokens.environmentInstance())) {
      if (url === badEnvironmentToken?.instanceUrl && this.tokens.isFromEnvironment(url)) continue;
      if (!(await this.tokens.get(url))) continue;
      // The token is read per request, so a client survives a new token; only a new CA file needs a new client.
      const existing = this.clients.get(url);
      if (existing && caFileNow === this.clientsCaFile) {
        clients.set(url, existing);
        continue;
      }
      try {
        clients.set(url, await this.clientFactory.create(url, async () => (await this.tokens.get(url)) ?? ''));
      } catch (error) {
        this.log.error(`cannot set up ${url}`, error);
        void showErrorMessage((error as Error).message);
      }
    }
    this.watch = await this.watchSettings([...clients.keys()]);
    // Sessions whose client is unchanged keep their data, so a settings change does not empty the tree.
    const sessions = [...clients].map(([url, client]) => {
      const kept = this.sessions.get(url);
      return kept && kept.client === client ? kept : new InstanceSession(client, () => this.watch.get(url)!);
    });
    this.clients = clients;
    this.clientsCaFile = caFileNow;
    this.sessions = new Map(sessions.map((s) => [s.instanceUrl, s]));
    this.log.info(`watching ${sessions.length} GitLab instance(s): ${[...clients.keys()].join(', ') || 'none'}`);
    this.changed.fire();
    await this.engine.setSessions(sessions);
  }

  /** A token in GITLAB_APPROVALS_TOKEN that cannot be sent: its instance is skipped, and the user told once. */
  private tellEnvironmentTokenProblem(): { instanceUrl: string; problem: string } | undefined {
    const bad = this.tokens.environmentTokenProblem();
    if (bad && bad.problem !== this.toldEnvironmentProblem) {
      this.log.warn(`${TOKEN_ENV} is not used for ${bad.instanceUrl}: ${bad.problem}`);
      void showErrorMessage(
        vscode.l10n.t(
          'The token in the {0} environment variable cannot be used, so {1} is not watched. {2}',
          TOKEN_ENV,
          bad.instanceUrl,
          bad.problem,
        ),
      );
    }
    this.toldEnvironmentProblem = bad?.problem;
    return bad;
  }

  /**
   * Where GITLAB_APPROVALS_TOKEN goes, said once per destination when it is not plain: over http:// (in clear), or to
   * gitlab.com because GITLAB_APPROVALS_URL is unset.
   */
  private tellEnvironmentTokenDestination(): void {
    const use = this.tokens.environmentTokenUse();
    if (!use || this.toldEnvironmentDestination.has(use.instanceUrl)) return;
    this.toldEnvironmentDestination.add(use.instanceUrl);
    if (isClearText(use.instanceUrl)) {
      this.log.warn(`${TOKEN_ENV} is sent to ${use.instanceUrl} over http://, unencrypted`);
      void showWarning(
        vscode.l10n.t(
          'The token in {0} is sent to {1} over http://, unencrypted: anyone on the network between you and GitLab can read it and act as you. Set {2} to the https:// address if your GitLab has one.',
          TOKEN_ENV,
          instanceLabel(use.instanceUrl),
          URL_ENV,
        ),
      );
    } else if (use.defaulted) {
      this.log.info(`${TOKEN_ENV} is used for ${use.instanceUrl}: ${URL_ENV} is not set`);
      void showInfo(
        vscode.l10n.t(
          'The token in {0} is used for {1}, because {2} is not set. Set {2} to use it with another GitLab instance.',
          TOKEN_ENV,
          instanceLabel(use.instanceUrl),
          URL_ENV,
        ),
      );
    }
  }

  /**
   * Project URLs and git remotes belong to the instance whose URL they match; bare ids and paths to the first
   * instance. Invalid entries are logged, not fatal.
   */
  private async watchSettings(urls: string[]): Promise<Map<string, WatchSettings>> {
    const config = watchConfiguration();
    const remotes = config.gitRemotes ? await workspaceRemoteUrls() : [];
    const explicit = new Map<string, (string | number)[]>(urls.map((url) => [url, []]));
    for (const entry of config.projects) {
      const owner = urls.find((url) => projectPathFromRemote(entry, url) !== undefined);
      const parsed = owner ? undefined : parseProjectEntry(entry);
      if (owner) explicit.get(owner)!.push(projectPathFromRemote(entry, owner)!);
      else if (parsed && 'reason' in parsed)
        this.log.warn(`gitlabApprovals.projects: ignoring "${entry}": ${parsed.reason}`);
      else if (parsed && urls[0]) explicit.get(urls[0])!.push(parsed.kind === 'id' ? parsed.id : parsed.path);
    }
    return new Map(
      urls.map((url) => [
        url,
        {
          explicit: explicit.get(url)!,
          membership: config.membership,
          patterns: config.patterns,
          remotePaths: remotes
            .map((remote) => projectPathFromRemote(remote, url))
            .filter((path): path is string => path !== undefined),
        },
      ]),
    );
  }
}
