// What the refresh engine knows at one moment: instances → projects → environments → blocked deployments.
// The shell renders it as is; every derived fact (kind, progress, eligibility) is computed once, in the core.

import type { DeployAccess } from '../approvals/deployAccess';
import type { ApprovalEligibility } from '../approvals/eligibility';
import type { BlockedDeploymentState } from '../approvals/classify';
import type { ApprovalProgress } from '../approvals/progress';
import type { Feature, InstanceCapabilities } from '../capabilities';
import type { GitLabError } from '../errors';
import type {
  CurrentUser,
  DeploymentDetail,
  DeploymentListItem,
  EnvironmentTier,
  ProjectSummary,
  ProtectedEnvironment,
} from '../gitlab/types';

export interface DeploymentView {
  instanceUrl: string;
  projectId: number;
  deployment: DeploymentListItem;
  /** The single-deployment GET with approval state; absent until fetched (or when it failed). */
  detail?: DeploymentDetail;
  state?: BlockedDeploymentState;
  progress?: ApprovalProgress;
  eligibility?: ApprovalEligibility;
  /** Waiting for approval and the current user may approve it now. */
  awaitingMe: boolean;
  /** Whether GitLab would let the user run the job, as far as can be known (absent until the detail is read). */
  deployAccess?: DeployAccess;
  /** Why the detail could not be read, if it could not. */
  error?: GitLabError;
}

export interface EnvironmentView {
  id: number;
  name: string;
  tier?: EnvironmentTier;
  externalUrl: string | null;
  /** The project-level protected environment, when the user may read it (Maintainer+) and the project is licensed. */
  protection?: ProtectedEnvironment;
  deployments: DeploymentView[];
}

export interface ProjectView {
  project: ProjectSummary;
  /** The user's highest role in the project (0 when unknown). */
  accessLevel: number;
  approvals: Feature;
  environments: EnvironmentView[];
  error?: GitLabError;
}

export interface InstanceView {
  instanceUrl: string;
  user?: CurrentUser;
  capabilities?: InstanceCapabilities;
  projects: ProjectView[];
  /** The last refresh failed: `projects` is the last good data, kept. */
  error?: GitLabError;
  stale: boolean;
  /** Epoch ms of the last refresh that succeeded. */
  lastSuccessAt?: number;
  /** While the data is stale: when the next try is due (backoff after failures, or GitLab's own retry time). */
  nextAttemptAt?: number;
}

export interface Snapshot {
  instances: InstanceView[];
  refreshing: boolean;
}

export function allDeployments(snapshot: Snapshot): DeploymentView[] {
  return snapshot.instances.flatMap((i) => i.projects.flatMap((p) => p.environments.flatMap((e) => e.deployments)));
}

/** A deployment's identity across refreshes and instances. */
export function deploymentKey(
  view: Pick<DeploymentView, 'instanceUrl' | 'projectId'> & { deployment: { id: number } },
): string {
  return `${view.instanceUrl}#${view.projectId}#${view.deployment.id}`;
}
