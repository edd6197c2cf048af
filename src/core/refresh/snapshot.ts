// What the refresh engine knows at one moment: instances → projects → environments → blocked deployments.
// The shell renders it as is; every derived fact (kind, progress, eligibility) is computed once, in the core.

import type { ProjectFreezes } from '../freezes/deployFreezes';
import type { DeployAccess } from '../approvals/deployAccess';
import type { LiveDeployment, OutdatedDeployment } from '../approvals/forwardDeployment';
import type { ApprovalEligibility } from '../approvals/eligibility';
import type { BotAccount } from '../approvals/externalGates';
import type { BlockedDeploymentState } from '../approvals/classify';
import type { ApprovalProgress } from '../approvals/progress';
import type { Feature, InstanceCapabilities } from '../capabilities';
import type { GitLabError } from '../errors';
import type { ListCut } from '../gitlab/pagination';
import type { TokenReach } from '../gitlab/tokenScopes';
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
  /** Waiting for approval and the current user may approve it now, surely. */
  awaitingMe: boolean;
  /**
   * Waiting for approval and the user's approval rests only on rules they may match: Approve is offered, GitLab decides
   * ("may await you"); counted apart from `awaitingMe`.
   */
  mayAwaitMe?: boolean;
  /**
   * Only rules of service accounts or bots are short of approvals (externalGates.ts): another system approves, and no
   * person is awaited.
   */
  externalWait?: { accounts: BotAccount[] };
  /** GitLab's own words when it refused the user's approval here under a rule they only may match (hostile text). */
  approvalRefusedBecause?: string;
  /** Whether GitLab would let the user run the job, as far as can be known (absent until the detail is read). */
  deployAccess?: DeployAccess;
  /** Older than the environment's live deployment: forward-deployment protection refuses to run its job. */
  outdated?: OutdatedDeployment;
  /** GitLab refused (403) to run this job for the user when they tried (approvalAnswers.ts). */
  runRefusedByGitLab?: boolean;
  /** Why the detail could not be read, if it could not. */
  error?: GitLabError;
  /** The token may only read (`read_api`): no action is offered on it (tokenScopes.ts). */
  readOnlyToken?: true;
}

export interface EnvironmentView {
  id: number;
  name: string;
  tier?: EnvironmentTier;
  /** The project-level protected environment, when the user may read it (Maintainer+) and the project is licensed. */
  protection?: ProtectedEnvironment;
  deployments: DeploymentView[];
}

export interface ProjectView {
  project: ProjectSummary;
  /** The user's highest role in the project (0 when unknown). */
  accessLevel: number;
  approvals: Feature;
  /** The project's protected environments were read (they are read on demand, not on every load). */
  protectionsRead: boolean;
  environments: EnvironmentView[];
  /** The blocked list was cut at its bound: GitLab has more than these. */
  blockedCut?: ListCut;
  /** The token may only read (`read_api`): Set Required Approvals is not offered (tokenScopes.ts). */
  readOnlyToken?: true;
  /** Environment id → its live deployment, where read (a job waits to be run there); kept across restarts. */
  live?: ReadonlyMap<number, LiveDeployment | null>;
  /**
   * The project's deploy freezes as GitLab last answered them (read where something waits; freezes are the project's,
   * for every environment). Which is on is a matter of the clock: `freezeStateAt` (core/freezes/deployFreezes.ts).
   */
  freezes?: ProjectFreezes;
  error?: GitLabError;
}

/** How much of the account the polls cover, so the view can say what is not watched, or not yet, and why. */
export interface WatchCoverage {
  /** Projects watched. */
  projects: number;
  /** The project list was cut at its bound. */
  projectListCut?: ListCut;
  /** Projects whose blocked list was cut at its bound (path with namespace, GitLab text). */
  blockedCuts: { project: string; limit: number }[];
  /** Projects named in settings or git remotes that could not be read. */
  unresolved: { entry: string; reason: string }[];
  /** Quiet projects not read even once yet (after a cold load of a large account). */
  notYetRead: number;
  /** The longest a quiet project waits between two reads. */
  quietDelayMs: number;
  /** Set when even the active projects would exceed the budget at the set interval: the interval actually used. */
  stretchedIntervalMs?: number;
  /** A waiting deployment's detail is re-read once every this many polls (how late others' approvals can show). */
  detailRereadPolls: number;
  /** How late someone else's approval can show: that many polls of the interval used (Refresh reads them all now). */
  approvalLagMs: number;
  /** Projects with no activity for 30 days, read in turn when the account is too large to read whole each poll. */
  quiet: number;
  /** The limit the plan follows: the instance's `RateLimit-Limit`, or GitLab.com's where it has said none. */
  rateLimit: { perMinute: number; learnedFrom: 'headers' | '429' | undefined };
  /** What the polls spend in the steady state, as planned (requests per minute). */
  requestsPerMinute: number;
  /** Projects read on every poll (recent activity, blocked deployments, or named in settings). */
  active: number;
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
  coverage?: WatchCoverage;
  /** Group id → the user's membership, as far as read (group approval rules match on it). */
  memberships?: ReadonlyMap<number, { direct: boolean; inherited: boolean }>;
  /** Top-level group path → the user's role there, where read (group-level role rules). */
  topGroupAccessLevels?: ReadonlyMap<string, number>;
  /** Shown from the state kept from an earlier session (epoch ms it was saved): not yet refreshed. */
  restoredFrom?: number;
  /** What the token may do, by its scopes (tokenScopes.ts); `write` where GitLab cannot say. */
  tokenReach?: TokenReach;
}

export interface Snapshot {
  instances: InstanceView[];
  refreshing: boolean;
}

export function allDeployments(snapshot: Snapshot): DeploymentView[] {
  return snapshot.instances.flatMap((i) => i.projects.flatMap((p) => p.environments.flatMap((e) => e.deployments)));
}

/**
 * A blocked deployment with where it sits: `deployment` is GitLab's, `view` what the extension derived of it. The
 * tree's rows, the status bar, the agent tools and the actions all hold deployments in this shape.
 */
export interface LocatedDeployment {
  instance: InstanceView;
  project: ProjectView;
  environment: EnvironmentView;
  view: DeploymentView;
  deployment: DeploymentListItem;
}

/** Every blocked deployment in the snapshot, with its instance, project and environment, in the snapshot's order. */
export function locatedDeployments(snapshot: Snapshot): LocatedDeployment[] {
  return snapshot.instances.flatMap((instance) =>
    instance.projects.flatMap((project) =>
      project.environments.flatMap((environment) =>
        environment.deployments.map((view) => ({ instance, project, environment, view, deployment: view.deployment })),
      ),
    ),
  );
}

/** The one way to find a deployment by its key (`deploymentKey`); undefined when the snapshot no longer has it. */
export function findDeployment(snapshot: Snapshot, key: string): LocatedDeployment | undefined {
  for (const instance of snapshot.instances)
    for (const project of instance.projects)
      for (const environment of project.environments)
        for (const view of environment.deployments)
          if (deploymentKey(view) === key) return { instance, project, environment, view, deployment: view.deployment };
  return undefined;
}

/** A deployment's identity across refreshes and instances. */
export function deploymentKey(
  view: Pick<DeploymentView, 'instanceUrl' | 'projectId'> & { deployment: { id: number } },
): string {
  return `${view.instanceUrl}#${view.projectId}#${view.deployment.id}`;
}
