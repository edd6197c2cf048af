// Local types for the GitLab REST JSON this extension reads and writes.
// gitbeaker 43.8's own types lack `blocked`, `approval_summary` and approval rules, so we keep ours
// (docs/transport.md, "Which routes go through gitbeaker").
// Field names and nullability follow GitLab's response schemas (test/fixtures/gitlab-schemas). Only fields we use are listed;
// the JSON carries more. Fields that exist only on EE, on newer versions or with a license are optional.

/** GitLab access levels (Gitlab::Access). Approval rules accept 20, 30, 40 and 60 (docs/gitlab-behaviour.md#approving-and-rejecting). */
export const AccessLevel = {
  noAccess: 0,
  minimal: 5,
  guest: 10,
  planner: 15,
  reporter: 20,
  developer: 30,
  maintainer: 40,
  owner: 50,
  admin: 60,
} as const;

/** `Entities::UserBasic`. */
export interface UserBasic {
  id: number;
  username: string;
  name: string;
  state: string;
  locked?: boolean;
  avatar_url: string | null;
  web_url: string;
  public_email?: string | null;
}

/** `GET /users/:id`: `Entities::User`, of which we read `bot` (true for service accounts and other bot users). */
export interface UserProfile extends UserBasic {
  bot?: boolean;
}

/** `GET /user`: UserBasic plus fields only the user themself sees; `is_admin` only when the caller is an admin. */
export interface CurrentUser extends UserBasic {
  is_admin?: boolean;
  bot?: boolean;
  email?: string;
}

/** `Entities::Email` (`GET /user/emails`). */
export interface UserEmail {
  id: number;
  email: string;
  confirmed_at: string | null;
}

/** `GET /personal_access_tokens/self`. */
export interface PersonalAccessTokenSelf {
  id: number;
  name: string;
  revoked: boolean;
  active: boolean;
  scopes: string[];
  user_id: number;
  created_at: string;
  last_used_at: string | null;
  /** ISO date (`YYYY-MM-DD`), null for a token that never expires. */
  expires_at: string | null;
}

export interface ProjectAccess {
  access_level: number;
  notification_level?: number;
}

/** `GET /projects/:id` and `GET /projects` items (only the fields we use). */
export interface ProjectSummary {
  id: number;
  name: string;
  name_with_namespace: string;
  path: string;
  path_with_namespace: string;
  web_url: string;
  default_branch?: string | null;
  archived?: boolean;
  /** When anything last happened in the project (pushes and other events); ISO 8601. Drives how often it is polled. */
  last_activity_at?: string;
  /** Present on single-project GETs and membership listings. */
  permissions?: {
    project_access: ProjectAccess | null;
    group_access: ProjectAccess | null;
  };
  /** Present only when the project has the `protected_environments` license feature (docs/gitlab-behaviour.md#approving-and-rejecting, #versions-and-editions). */
  allow_pipeline_trigger_approve_deployment?: boolean;
  /** A group namespace means group-level protected environments of its ancestors may apply. */
  namespace?: { id: number; kind: string; full_path: string };
  /**
   * Forward-deployment protection (on by default); shown to Maintainers only (`admin_project`), absent otherwise
   * (docs/gitlab-behaviour.md#jobs-of-blocked-deployments).
   */
  ci_forward_deployment_enabled?: boolean;
}

export type EnvironmentTier = 'production' | 'staging' | 'testing' | 'development' | 'other';

/** `Entities::EnvironmentBasic`: the `environment` key inside a deployment. */
export interface EnvironmentBasic {
  id: number;
  name: string;
  slug: string;
  external_url: string | null;
  created_at: string;
  updated_at: string;
}

/** `GET /projects/:id/environments` items. */
export interface Environment extends EnvironmentBasic {
  tier: EnvironmentTier;
  state: string;
  description?: string | null;
  auto_stop_at?: string | null;
}

/** 0 = direct members of the group only (the default), 1 = inherited members too (docs/gitlab-behaviour.md#approving-and-rejecting, #protected-environments-api). */
export type GroupInheritanceType = 0 | 1;

/** `deploy_access_levels[]` of a protected environment: exactly one of user_id, group_id, access_level is set. */
export interface DeployAccessLevel {
  id?: number | null;
  access_level: number | null;
  access_level_description: string | null;
  user_id: number | null;
  group_id: number | null;
  group_inheritance_type?: GroupInheritanceType | null;
}

/**
 * `approval_rules[]` of a protected environment (15.0+). Exactly one of user_id, group_id, access_level is set.
 * `access_level_description` is GitLab's `humanize`: the user's display name, the group's name, "Maintainers" or
 * "Developers + Maintainers"; null for Reporter and Admin role rules (docs/gitlab-behaviour.md#approving-and-rejecting).
 */
export interface ProtectedEnvironmentApprovalRule {
  id: number;
  user_id: number | null;
  group_id: number | null;
  access_level: number | null;
  access_level_description: string | null;
  required_approvals: number;
  group_inheritance_type: GroupInheritanceType | null;
}

/** `GET /projects/:id/protected_environments/:name` (docs/gitlab-behaviour.md#protected-environments-api). */
export interface ProtectedEnvironment {
  name: string;
  deploy_access_levels: DeployAccessLevel[];
  /** 14.7+; ignored from 17.0 (docs/gitlab-behaviour.md#required-approval-count-and-approval-rules-by-version). */
  required_approval_count?: number;
  /** 15.0+. */
  approval_rules?: ProtectedEnvironmentApprovalRule[];
}

/** One identifying key of a deploy access level or approval rule, as sent in POST/PUT bodies. */
export type AccessTarget =
  { user_id: number } | { group_id: number; group_inheritance_type?: GroupInheritanceType } | { access_level: number };

/** An `approval_rules[]` element of a POST/PUT body (docs/gitlab-behaviour.md#protected-environments-api). */
export type ApprovalRuleInput = AccessTarget & { id?: number; required_approvals?: number; _destroy?: boolean };

/** A `deploy_access_levels[]` element of a POST/PUT body. */
export type DeployAccessLevelInput = AccessTarget & { id?: number; _destroy?: boolean };

/** Body of `POST /projects/:id/protected_environments`. */
export interface ProtectedEnvironmentCreateBody {
  name: string;
  deploy_access_levels: DeployAccessLevelInput[];
  required_approval_count?: number;
  approval_rules?: ApprovalRuleInput[];
}

/** Body of `PUT /projects/:id/protected_environments/:name` (15.4+). */
export interface ProtectedEnvironmentUpdateBody {
  deploy_access_levels?: DeployAccessLevelInput[];
  required_approval_count?: number;
  approval_rules?: ApprovalRuleInput[];
}

export type DeploymentStatus = 'created' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped' | 'blocked';

/** The pipeline inside a job (`pipeline/basic.json`). */
export interface PipelineSummary {
  id: number;
  iid?: number;
  project_id?: number;
  sha: string;
  ref: string;
  status: string;
  web_url: string;
}

/** A deployment's `deployable` (`job.json`, only what we use). An approval-gated job has status `manual` (docs/gitlab-behaviour.md#jobs-of-blocked-deployments). */
export interface JobSummary {
  id: number;
  status: string;
  stage?: string;
  name: string;
  ref?: string;
  web_url: string;
  /** e.g. `deployment_rejected` after a rejection (docs/gitlab-behaviour.md#approving-and-rejecting). */
  failure_reason?: string;
  /** The job's commit (`Entities::Commit`); only its title is read, for people to recognise the change. */
  commit?: { title: string };
  pipeline: PipelineSummary;
  /** When a runner started it and when it ended (`GET …/jobs/:job_id`; null before). */
  started_at?: string | null;
  finished_at?: string | null;
}

/** `GET /projects/:id/deployments` item (`Entities::Deployment`): never carries approval fields (docs/gitlab-behaviour.md#deployments-api-and-the-approval-summary). */
export interface DeploymentListItem {
  id: number;
  iid: number;
  ref: string;
  sha: string;
  created_at: string;
  updated_at: string;
  /** The user who triggered the deployment. */
  user: UserBasic | null;
  environment: EnvironmentBasic;
  deployable: JobSummary | null;
  status: DeploymentStatus;
}

export type ApprovalStatus = 'approved' | 'rejected';

/** `Entities::Deployments::Approval`: has no rule id and no updated_at (docs/gitlab-behaviour.md#approving-and-rejecting). */
export interface DeploymentApproval {
  user: UserBasic;
  status: ApprovalStatus;
  created_at: string;
  comment: string | null;
}

/** `approval_summary.rules[]`. `deployment_approvals` may not be scoped to the deployment (docs/gitlab-behaviour.md#deployments-api-and-the-approval-summary). */
export interface ApprovalRuleForSummary extends ProtectedEnvironmentApprovalRule {
  deployment_approvals?: DeploymentApproval[];
}

export interface ApprovalSummary {
  rules: ApprovalRuleForSummary[];
}

/**
 * `GET /projects/:id/deployments/:id` (`Entities::DeploymentExtended`). The approval keys exist only on EE
 * (`approval_summary` from 15.0); an unlicensed EE reports 0 pending and no approvals (docs/gitlab-behaviour.md#deployments-api-and-the-approval-summary, #versions-and-editions).
 */
export interface DeploymentDetail extends DeploymentListItem {
  pending_approval_count?: number;
  approvals?: DeploymentApproval[];
  approval_summary?: ApprovalSummary;
}

/**
 * `API::Entities::AuditEvent` (`GET /projects/:id/audit_events`, EE with the `audit_events` licence: Premium+). `details`
 * is the event's own record: for a deployment approval `custom_message`, `comment`, `author_name`, `target_type`
 * (`Environment`), `target_id`, `target_details` (docs/gitlab-behaviour.md#audit-events). Only the fields we read.
 */
export interface AuditEvent {
  id: number;
  author_id: number;
  entity_id: number;
  entity_type: string;
  event_name?: string | null;
  details: Record<string, unknown>;
  created_at: string;
}

/** `GET /version`. `enterprise` exists since 15.6 (docs/gitlab-behaviour.md#versions-and-editions). */
export interface VersionInfo {
  version: string;
  revision: string;
  enterprise?: boolean;
}
