// A running pipeline's deployments in stages that have not started: `created`, their jobs `created` too. GitLab 16.2+
// accepts their approvals ahead of the stage (docs/gitlab-behaviour.md#deployment-statuses), so Approve Pipeline reads
// them on demand — they are not polled, and not rows of the tree until their stage starts and they are `blocked`.

import type { CallOptions } from '../gitlab/client';
import type { ListCut } from '../gitlab/pagination';
import type { DeploymentDetail, DeploymentListItem } from '../gitlab/types';
import { unusableDeploymentId } from '../gitlab/validate';
import { awaitsItsStage } from '../approvals/classify';
import type { GitLabApi } from './gitlabApi';

interface Read {
  projectId: number;
  item: DeploymentListItem;
  detail: DeploymentDetail;
}

export interface LaterStagesRead {
  ids: number[];
  /** The newest page of `created` deployments was full: older ones of this pipeline, if any, were not read. */
  cut?: ListCut;
}

export class LaterStageDeployments {
  /** Deployment id → as last read, kept so the re-read after an approval (and the runner's comparison) finds it. */
  private readonly read = new Map<number, Read>();

  constructor(private readonly client: Pick<GitLabApi, 'newestCreatedDeployments' | 'deployment'>) {}

  /**
   * One list request (the project's newest `created` deployments) and one detail per deployment of the pipeline whose
   * job has not started: 1 + k requests.
   */
  async readPipeline(projectId: number, pipelineId: number, options: CallOptions): Promise<LaterStagesRead> {
    const created = await this.client.newestCreatedDeployments(projectId, options);
    const ofPipeline = created.filter(
      (item) => item.deployable?.pipeline?.id === pipelineId && awaitsItsStage(item) && !unusableDeploymentId(item),
    );
    for (const [id, read] of this.read) if (read.projectId === projectId) this.read.delete(id);
    await Promise.all(
      ofPipeline.map(async (item) => {
        const detail = await this.client.deployment(projectId, item.id, options);
        if (detail.id === item.id && !unusableDeploymentId(detail)) this.read.set(item.id, { projectId, item, detail });
      }),
    );
    return { ids: ofPipeline.map((item) => item.id).filter((id) => this.read.has(id)), cut: created.truncated };
  }

  has(deploymentId: number): boolean {
    return this.read.has(deploymentId);
  }

  /** After an action on one of them: its detail again (its status too: the stage may have started meanwhile). */
  async reread(deploymentId: number, options: CallOptions): Promise<void> {
    const known = this.read.get(deploymentId);
    if (!known) return;
    const detail = await this.client.deployment(known.projectId, deploymentId, options);
    if (detail.id !== deploymentId || unusableDeploymentId(detail)) return;
    this.read.set(deploymentId, {
      ...known,
      item: { ...known.item, status: detail.status, deployable: detail.deployable },
      detail,
    });
  }

  /** The list items of these deployments, as last read. */
  items(ids: readonly number[]): DeploymentListItem[] {
    return ids.flatMap((id) => {
      const read = this.read.get(id);
      return read ? [read.item] : [];
    });
  }

  detailOf(deploymentId: number): DeploymentDetail | undefined {
    return this.read.get(deploymentId)?.detail;
  }
}
