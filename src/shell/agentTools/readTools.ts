// The read tools: the inbox and one deployment's brief, answered from the engine's snapshot. A poll is started only
// when the snapshot is stale (never loaded, failed, or older than the poll interval), and never while the window is
// in the background (the engine is paused then): the answer then says how old its data is.
import * as vscode from 'vscode';
import { parseDeploymentInput, parseListInput } from '../../core/agentTools/input';
import { locateDeployment } from '../../core/agentTools/locate';
import { briefResult, listResult, needsRefresh } from '../../core/agentTools/results';
import type { RefreshEngine } from '../../core/refresh/engine';
import { INELIGIBILITY_TEXT } from '../../core/presentation';
import { pollIntervalMs } from '../settings';
import { jsonResult } from './presentation';

export class ListDeploymentsTool implements vscode.LanguageModelTool<unknown> {
  constructor(
    private readonly engine: RefreshEngine,
    private readonly freshness: Freshness,
  ) {}

  prepareInvocation(): vscode.PreparedToolInvocation {
    return { invocationMessage: 'Reading blocked GitLab deployments' };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>): Promise<vscode.LanguageModelToolResult> {
    const input = parseListInput(options.input);
    await this.freshness.ensure();
    return jsonResult(listResult(this.engine.snapshot(), input));
  }
}

export class DeploymentBriefTool implements vscode.LanguageModelTool<unknown> {
  constructor(
    private readonly engine: RefreshEngine,
    private readonly freshness: Freshness,
  ) {}

  prepareInvocation(): vscode.PreparedToolInvocation {
    return { invocationMessage: 'Reading a GitLab deployment' };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>): Promise<vscode.LanguageModelToolResult> {
    const input = parseDeploymentInput(options.input);
    await this.freshness.ensure();
    return jsonResult(briefResult(locateDeployment(this.engine.snapshot(), input.deployment), INELIGIBILITY_TEXT));
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
