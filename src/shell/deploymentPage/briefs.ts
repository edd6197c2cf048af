// The extension's briefs: built on demand (a page opens, Refresh), their range parts cached per instance, and the
// latest brief of each deployment kept for the one-line summary in tooltips and quick picks.
import * as vscode from 'vscode';
import {
  briefSummary,
  buildDeploymentBrief,
  eligibleApprovers,
  RangeCache,
  type BriefWarning,
  type DeploymentBrief,
  type RuleApprovers,
} from '../../core/brief';
import type { GitLabClient } from '../../core/gitlab/client';
import { isGitLabError } from '../../core/errors';
import { knownWarnings } from '../../core/presentation';
import { deploymentKey, type DeploymentView, type LocatedDeployment } from '../../core/refresh/snapshot';
import { Disposable } from '../disposable';

export class Briefs extends Disposable {
  private readonly ranges = new Map<string, RangeCache>();
  private readonly latest = new Map<string, DeploymentBrief>();
  private readonly building = new Map<string, Promise<DeploymentBrief>>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** A brief was built: summaries may have changed. */
  readonly onDidChange = this.changed.event;

  /**
   * Builds the brief, or joins a build of the same deployment at the same commit already under way (the approve box's
   * four-eyes note and the independent-approval check ask at once). A joined build cancelled by its first caller is
   * built again for a caller that did not cancel.
   */
  build(client: GitLabClient, view: DeploymentView, signal?: AbortSignal): Promise<DeploymentBrief> {
    const key = `${deploymentKey(view)}@${view.deployment.sha}`;
    const underWay = this.building.get(key);
    if (!underWay) return this.buildNow(key, client, view, signal);
    return underWay.catch((error: unknown) => {
      if (signal?.aborted || !(isGitLabError(error) && error.kind === 'cancelled')) throw error;
      return this.buildNow(key, client, view, signal);
    });
  }

  private buildNow(key: string, client: GitLabClient, view: DeploymentView, signal?: AbortSignal) {
    const building = buildDeploymentBrief(
      client,
      { projectId: view.projectId, deployment: view.deployment },
      { cache: this.rangeCache(view.instanceUrl), signal, userAction: true },
    ).then((brief) => {
      this.latest.set(deploymentKey(view), brief);
      this.changed.fire();
      return brief;
    });
    this.building.set(key, building);
    const done = () => this.building.get(key) === building && this.building.delete(key);
    building.then(done, done);
    return building;
  }

  approvers(client: GitLabClient, view: DeploymentView, signal?: AbortSignal): Promise<RuleApprovers[]> {
    const rules = view.detail?.approval_summary?.rules ?? [];
    return eligibleApprovers(client, view.projectId, rules, { signal, userAction: true });
  }

  /** "3 commits since live · 2 MRs", once a brief of this deployment is known. */
  summary(view: DeploymentView): string | undefined {
    const brief = this.known(view);
    return brief && briefSummary(brief);
  }

  /** The latest brief read of this deployment at its current commit, if any (none is read to ask). */
  known(view: DeploymentView): DeploymentBrief | undefined {
    const brief = this.latest.get(deploymentKey(view));
    return brief && brief.sha === view.deployment.sha ? brief : undefined;
  }

  private rangeCache(instanceUrl: string): RangeCache {
    let cache = this.ranges.get(instanceUrl);
    if (!cache) this.ranges.set(instanceUrl, (cache = new RangeCache()));
    return cache;
  }
}

/** The one set of briefs of this window, for the page, tooltips and quick picks. */
let current: Briefs | undefined;

export function setBriefs(briefs: Briefs | undefined): void {
  current = briefs;
}

/** The window's briefs, once the deployment page is set up. */
export function currentBriefs(): Briefs | undefined {
  return current;
}

export function briefSummaryOf(view: DeploymentView): string | undefined {
  return current?.summary(view);
}

/** What should make an approver stop, as far as known: the brief's warnings, or what the snapshot shows. */
export function warningsOf(located: Pick<LocatedDeployment, 'environment' | 'deployment' | 'view'>): BriefWarning[] {
  return knownWarnings(located, current?.known(located.view));
}

/** The latest brief of this deployment, where one was already read (the run question carries its warnings). */
export function knownBriefOf(view: DeploymentView): DeploymentBrief | undefined {
  return current?.known(view);
}
