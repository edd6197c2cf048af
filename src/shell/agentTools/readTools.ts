// The read tools: the inbox and one deployment's brief, answered from the engine's snapshot. A poll is started only
// when the snapshot is stale (never loaded, failed, or older than the poll interval), and never while the window is
// in the background (the engine is paused then): the answer then says how old its data is. The brief also reads what
// the deployment ships, through the deployment page's briefs (one range cache per instance, shared with the page).
import * as vscode from 'vscode';
import { parseDeploymentInput, parseListInput } from '../../core/agentTools/input';
import type { FollowedJob } from '../../core/follow/followedJob';
import { locateDeployment } from '../../core/agentTools/locate';
import type { LocatedDeployment } from '../../core/refresh/snapshot';
import { briefResult, listResult, needsRefresh } from '../../core/agentTools/results';
import { readShipped, type Shipped } from '../../core/agentTools/shipping';
import type { RefreshEngine } from '../../core/refresh/engine';
import { INELIGIBILITY_TEXT } from '../../core/presentation';
import { signalOf } from '../commands/feedback';
import type { Briefs } from '../deploymentPage/briefs';
import type { Instances } from '../instances';
import { pollIntervalMs } from '../settings';
import { jsonResult } from './presentation';

export class ListDeploymentsTool implements vscode.LanguageModelTool<unknown> {
  constructor(
    private readonly engine: RefreshEngine,
    private readonly freshness: Freshness,
    /** The jobs the user started, as followed (their state only: a log never goes into an answer). */
    private readonly followed: () => FollowedJob[] = () => [],
  ) {}

  prepareInvocation(): vscode.PreparedToolInvocation {
    return { invocationMessage: vscode.l10n.t('Reading blocked GitLab deployments') };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>): Promise<vscode.LanguageModelToolResult> {
    const input = parseListInput(options.input);
    await this.freshness.ensure();
    return jsonResult(listResult(this.engine.snapshot(), input, this.followed()));
  }
}

export class DeploymentBriefTool implements vscode.LanguageModelTool<unknown> {
  constructor(
    private readonly engine: RefreshEngine,
    private readonly freshness: Freshness,
    private readonly instances: Instances,
    private readonly briefs: Briefs,
  ) {}

  prepareInvocation(): vscode.PreparedToolInvocation {
    return { invocationMessage: vscode.l10n.t('Reading a GitLab deployment') };
  }

  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<unknown>,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult> {
    const input = parseDeploymentInput(options.input);
    await this.freshness.ensure();
    const located = locateDeployment(this.engine.snapshot(), input.deployment);
    return jsonResult(briefResult(located, INELIGIBILITY_TEXT, await this.shipped(located, token)));
  }

  private shipped({ view }: LocatedDeployment, token: vscode.CancellationToken): Promise<Shipped> {
    const client = this.instances.client(view.instanceUrl);
    if (!client) {
      return Promise.resolve({
        unavailable: 'The extension is not signed in to this GitLab instance, so what it ships was not read.',
      });
    }
    const signal = signalOf(token);
    return readShipped(
      () => this.briefs.build(client, view, signal),
      () => this.briefs.approvers(client, view, signal),
    );
  }
}

/**
 * Refreshes a stale snapshot before a read tool answers, at most once per poll interval: an agent calling the tools
 * in a loop against a failing instance must not turn into a request loop (the engine's own backoff still applies to
 * its timer).
 */
export class Freshness {
  private lastRefreshAt = 0;

  constructor(private readonly engine: RefreshEngine) {}

  async ensure(): Promise<void> {
    const now = Date.now();
    const interval = pollIntervalMs();
    if (!needsRefresh(this.engine.snapshot(), interval, now) || now - this.lastRefreshAt < interval) return;
    this.lastRefreshAt = now;
    await this.engine.refresh('poll');
  }
}
