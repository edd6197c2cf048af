// The simulator's data model: plain records, one per GitLab table we need. Presenters (entities.ts) turn them into JSON.

/** GitLab access levels (Gitlab::Access). 60 is the "Admin" level used by protected-environment rules. */
export const AccessLevel = {
  NoAccess: 0,
  Minimal: 5,
  Guest: 10,
  Reporter: 20,
  Developer: 30,
  Maintainer: 40,
  Owner: 50,
  Admin: 60,
} as const;
export type MemberLevel = 10 | 20 | 30 | 40 | 50;

export const ENVIRONMENT_TIERS = ['production', 'staging', 'testing', 'development', 'other'] as const;
export type EnvironmentTier = (typeof ENVIRONMENT_TIERS)[number];

export type TokenScope = 'api' | 'read_api' | 'read_user';

export interface User {
  id: number;
  username: string;
  name: string;
  /** The primary address (`GET /user`'s `email`). */
  email: string;
  /** Further addresses (`GET /user/emails`, which leaves the primary one out). */
  secondaryEmails?: { email: string; confirmedAt: string | null }[];
  state: 'active' | 'blocked';
  admin: boolean;
  createdAt: string;
  /** GitLab's `user_type` where not `human` (app/models/concerns/has_user_type.rb): a service account, a project bot… */
  userType?: 'service_account' | 'project_bot';
}

export interface Token {
  id: number;
  userId: number;
  name: string;
  token: string;
  scopes: TokenScope[];
  createdAt: string;
  expiresAt: string | null;
  revoked: boolean;
}

export interface Group {
  id: number;
  name: string;
  path: string;
  parentId: number | null;
  description: string;
  visibility: Visibility;
  createdAt: string;
  /** Direct members: user id → access level. */
  members: Map<number, MemberLevel>;
}

export type Visibility = 'private' | 'internal' | 'public';

export interface ProjectGroupLink {
  groupId: number;
  /** The max access the shared group's members get in the project. */
  groupAccess: MemberLevel;
}

export interface Project {
  id: number;
  name: string;
  path: string;
  /** A group id, or null for a user namespace (see `ownerId`). */
  groupId: number | null;
  ownerId: number | null;
  description: string | null;
  visibility: Visibility;
  defaultBranch: string;
  topics: string[];
  createdAt: string;
  lastActivityAt: string;
  archived: boolean;
  members: Map<number, MemberLevel>;
  /** Groups the project is shared with ("invited groups"). Only these qualify as group approvers (docs/gitlab-behaviour.md#protected-environments-api). */
  sharedWithGroups: ProjectGroupLink[];
  /** Settings › CI/CD › Protected environments › Approval options (docs/gitlab-behaviour.md#approving-and-rejecting). */
  allowPipelineTriggerApproveDeployment: boolean;
  /** Per-project license (a GitLab.com Free namespace on a licensed instance). Undefined = follow the profile. */
  licensed?: boolean;
  /** Settings › CI/CD › General pipelines: forward-deployment protection, on by default (docs/gitlab-behaviour.md#jobs-of-blocked-deployments). */
  ciForwardDeploymentEnabled: boolean;
  /** Lets a finished older job be retried (a rollback) despite forward-deployment protection; on by default. */
  ciForwardDeploymentRollbackAllowed: boolean;
}

export interface Environment {
  id: number;
  projectId: number;
  name: string;
  slug: string;
  externalUrl: string | null;
  tier: EnvironmentTier;
  state: 'available' | 'stopping' | 'stopped';
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A project's deploy freeze (`ci_freeze_periods`): two cron lines and their zone (docs/gitlab-behaviour.md#deploy-freezes). */
export interface FreezePeriod {
  id: number;
  projectId: number;
  freezeStart: string;
  freezeEnd: string;
  cronTimezone: string;
  createdAt: string;
  updatedAt: string;
}

/** One element of `deploy_access_levels` or `approval_rules`: exactly one of user/group/access level identifies it. */
export interface AccessRuleBase {
  id: number;
  userId: number | null;
  groupId: number | null;
  accessLevel: number | null;
  /** 0 = direct group members only, 1 = inherited members too. */
  groupInheritanceType: 0 | 1;
}
export type DeployAccessLevel = AccessRuleBase;
export interface ApprovalRule extends AccessRuleBase {
  requiredApprovals: number;
}

export interface ProtectedEnvironment {
  id: number;
  /** Project-level PEs are named after an environment; group-level ones after a tier. */
  projectId: number | null;
  groupId: number | null;
  name: string;
  deployAccessLevels: DeployAccessLevel[];
  /** The unified (pre-17.0) count; ignored from 17.0 (docs/gitlab-behaviour.md#required-approval-count-and-approval-rules-by-version). */
  requiredApprovalCount: number;
  approvalRules: ApprovalRule[];
}

export type PipelineStatus =
  'created' | 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped' | 'manual';
export interface Pipeline {
  id: number;
  iid: number;
  projectId: number;
  sha: string;
  ref: string;
  status: PipelineStatus;
  source: string;
  userId: number;
  createdAt: string;
  updatedAt: string;
}

export type JobStatus = 'created' | 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped' | 'manual';
export type JobFailureReason = 'deployment_rejected' | 'protected_environment_failure' | 'script_failure';
export interface Job {
  id: number;
  projectId: number;
  pipelineId: number;
  name: string;
  stage: string;
  status: JobStatus;
  failureReason: JobFailureReason | null;
  userId: number;
  ref: string;
  sha: string;
  allowFailure: boolean;
  /** Played from `manual` (POST …/play): its deployment keeps the status it had while the job was manual. */
  played: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** What a runner wrote so far (`GET …/trace`); empty until it runs. */
  log?: string;
  /** How many of its script's chunks the log holds. */
  chunksWritten?: number;
  /** How it runs once started (jobRunner.ts); a default succeeding script when absent. */
  script?: JobScript;
  /** Retried: a new job took its place (`Ci::Processable#retried?`), so it is not retryable again. */
  retried?: boolean;
}

/** A job's run in the simulator: one log chunk per runner step, then its end. */
export interface JobScript {
  chunks: string[];
  outcome: 'success' | 'failed';
  failureReason?: JobFailureReason;
}

export const DEPLOYMENT_STATUSES = [
  'created',
  'running',
  'success',
  'failed',
  'canceled',
  'skipped',
  'blocked',
] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export interface Deployment {
  id: number;
  iid: number;
  projectId: number;
  environmentId: number;
  ref: string;
  sha: string;
  userId: number;
  jobId: number | null;
  /** Moved `blocked → created` by a full approval (profiles with `approvalUnblocksDeployment`). */
  unblocked: boolean;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/**
 * A project audit event (`AuditEvent`, ee/app/services/audit_events/build_service.rb): `details` as GitLab stores them
 * (`custom_message`, `author_name`, `target_*`, and the caller's additional details such as `comment`).
 */
export interface AuditEventRecord {
  id: number;
  authorId: number;
  projectId: number;
  eventName: string;
  details: Record<string, string | number | null>;
  createdAt: string;
}

export interface DeploymentApproval {
  id: number;
  deploymentId: number;
  userId: number;
  /** null for unified (rule-less, pre-17.0) approvals. */
  approvalRuleId: number | null;
  status: 'approved' | 'rejected';
  comment: string | null;
  createdAt: string;
  updatedAt: string;
}
