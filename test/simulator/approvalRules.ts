// GitLab's approval model (ee/app/models/ee/environment.rb, ee/app/models/ee/deployment.rb, Deployments::ApprovalSummary;
// docs/gitlab-behaviour.md): which protected environments apply, how many approvals are pending, whether a job can be
// played, and the deployment status.
import type { SimContext } from './context';
import {
  ApprovalRule,
  Deployment,
  DeploymentApproval,
  DeploymentStatus,
  Environment,
  Job,
  Project,
  ProtectedEnvironment,
  User,
} from './model';
import { checkAccess, humanizeRule } from './policy';

/** Raised where GitLab itself would crash (NoMethodError) and answer 500. */
export class InternalServerError extends Error {}

export interface AssociatedRule {
  rule: ApprovalRule;
  pe: ProtectedEnvironment;
}

/** `protected_environments` license for this project: the profile's, unless the project overrides it (a Free namespace). */
export function projectLicensed(ctx: SimContext, project: Project): boolean {
  return ctx.profile.enterprise && (project.licensed ?? ctx.profile.licensed);
}

/** `ProtectedEnvironment.for_environment`: the project PE named after the environment plus group PEs of its tier on ancestor groups (docs/gitlab-behaviour.md#deployments-api-and-the-approval-summary). */
export function protectedEnvironmentsFor(ctx: SimContext, environment: Environment): ProtectedEnvironment[] {
  const project = ctx.state.projects.get(environment.projectId)!;
  const ancestorIds = new Set(
    project.groupId === null ? [] : ctx.state.groupAncestry(ctx.state.groups.get(project.groupId)!).map((g) => g.id),
  );
  const result: ProtectedEnvironment[] = [];
  for (const pe of ctx.state.protectedEnvironments.values()) {
    if (pe.projectId === project.id && pe.name === environment.name) result.push(pe);
    else if (pe.groupId !== null && ancestorIds.has(pe.groupId) && pe.name === environment.tier) result.push(pe);
  }
  return result;
}

/** `Environment#protected?`: needs the license and at least one applicable PE. */
export function isProtected(ctx: SimContext, environment: Environment): boolean {
  return (
    projectLicensed(ctx, ctx.state.projects.get(environment.projectId)!) &&
    protectedEnvironmentsFor(ctx, environment).length > 0
  );
}

/** `associated_approval_rules`: the rules of every applicable PE, in PE order. None before 15.0 (unified count only). */
export function associatedApprovalRules(ctx: SimContext, environment: Environment): AssociatedRule[] {
  if (!ctx.profile.hasApprovalRules) return [];
  return protectedEnvironmentsFor(ctx, environment).flatMap((pe) => pe.approvalRules.map((rule) => ({ rule, pe })));
}

/**
 * Before 17.0 an environment without rules used the PEs' unified `required_approval_count`, the **maximum** over the
 * matching PEs (`associated_protected_environments.map(&:required_approval_count).max`, docs/gitlab-behaviour.md#required-approval-count-and-approval-rules-by-version).
 */
function unifiedRequiredCount(ctx: SimContext, environment: Environment): number {
  if (ctx.profile.unifiedApprovalCount === 'rejected') return 0;
  return Math.max(0, ...protectedEnvironmentsFor(ctx, environment).map((pe) => pe.requiredApprovalCount));
}

export function requiredApprovalCount(ctx: SimContext, environment: Environment): number {
  if (!isProtected(ctx, environment)) return 0;
  const rules = associatedApprovalRules(ctx, environment);
  if (rules.length > 0) return rules.reduce((sum, r) => sum + r.rule.requiredApprovals, 0);
  return unifiedRequiredCount(ctx, environment);
}

export function needsApproval(ctx: SimContext, environment: Environment): boolean {
  return requiredApprovalCount(ctx, environment) > 0;
}

export function hasApprovalRules(ctx: SimContext, environment: Environment): boolean {
  return associatedApprovalRules(ctx, environment).length > 0;
}

export function environmentOf(ctx: SimContext, deployment: Deployment): Environment {
  return ctx.state.environments.get(deployment.environmentId)!;
}

/** Per rule (Summarizable): approved count of this deployment's approvals for the rule, and what is still pending. */
export function ruleProgress(
  ctx: SimContext,
  deployment: Deployment,
  rule: ApprovalRule,
): { approved: number; pending: number; rejected: boolean } {
  const approvals = ctx.state.approvalsOf(deployment).filter((a) => a.approvalRuleId === rule.id);
  const approved = approvals.filter((a) => a.status === 'approved').length;
  return {
    approved,
    pending: Math.max(rule.requiredApprovals - approved, 0),
    rejected: approvals.some((a) => a.status === 'rejected'),
  };
}

/**
 * `Deployment#pending_approval_count`: 0 unless protected; else the summary's total (or, rule-less before 17.0, the
 * unified count minus approvals). Before 16.2 it was also 0 for a deployment that is not `blocked`.
 */
export function pendingApprovalCount(ctx: SimContext, deployment: Deployment): number {
  const environment = environmentOf(ctx, deployment);
  if (!isProtected(ctx, environment)) return 0;
  if (ctx.profile.approvalUnblocksDeployment && deploymentStatus(ctx, deployment) !== 'blocked') return 0;
  const rules = associatedApprovalRules(ctx, environment);
  // Before 16.2: required minus every approval record, whatever rule it counts for.
  if (ctx.profile.flatPendingApprovalCount && rules.length > 0)
    return Math.max(requiredApprovalCount(ctx, environment) - ctx.state.approvalsOf(deployment).length, 0);
  if (rules.length > 0) return rules.reduce((sum, r) => sum + ruleProgress(ctx, deployment, r.rule).pending, 0);
  const approved = ctx.state.approvalsOf(deployment).filter((a) => a.status === 'approved').length;
  return Math.max(unifiedRequiredCount(ctx, environment) - approved, 0);
}

/** `waiting_for_deployment_approval?` of the deploy job: manual and approvals pending. */
export function waitingForApproval(ctx: SimContext, deployment: Deployment): boolean {
  return pendingApprovalCount(ctx, deployment) > 0;
}

/**
 * `Environment#find_approval_rule_for`: the first rule not skipped by `represented_as` (case-sensitive substring of `humanize`)
 * whose `check_access` passes. A rule whose humanize is nil (Reporter/Admin role) crashes GitLab when `represented_as` is given.
 */
export function findApprovalRuleFor(
  ctx: SimContext,
  environment: Environment,
  user: User,
  representedAs: string | undefined,
): AssociatedRule | undefined {
  for (const entry of associatedApprovalRules(ctx, environment)) {
    if (representedAs !== undefined) {
      const human = humanizeRule(ctx, entry.rule);
      if (human === null) throw new InternalServerError(`undefined method 'exclude?' for nil (rule ${entry.rule.id})`);
      if (!human.includes(representedAs)) continue;
    }
    if (checkAccess(ctx, entry.rule, user, ruleContainer(ctx, entry.pe))) return entry;
  }
  return undefined;
}

export function ruleContainer(
  ctx: SimContext,
  pe: ProtectedEnvironment,
): { project?: Project; group?: import('./model').Group } {
  return pe.projectId !== null
    ? { project: ctx.state.projects.get(pe.projectId)! }
    : { group: ctx.state.groups.get(pe.groupId!)! };
}

/** `Environment#protected_from?`: on a protected environment the user must match a deploy access level of every PE. */
export function canDeployTo(ctx: SimContext, environment: Environment, user: User): boolean {
  if (!isProtected(ctx, environment)) return true;
  return protectedEnvironmentsFor(ctx, environment).every((pe) =>
    pe.deployAccessLevels.some((level) => checkAccess(ctx, level, user, ruleContainer(ctx, pe))),
  );
}

/**
 * `Deployment#sync_status_with(job)` (app/models/deployment.rb L406-411): job `manual` → `blocked`; `pending` is no
 * deployment status and `created` only leaves `skipped`, so a played job leaves the deployment where it was until the
 * job runs. Before 16.3 plain manual jobs left it `created`; before 16.2 a full approval moved it to `created`.
 */
export function deploymentStatus(ctx: SimContext, deployment: Deployment): DeploymentStatus {
  const job = ctx.state.jobOf(deployment);
  if (!job) return 'created';
  switch (job.status) {
    case 'manual':
      return whileManual(ctx, deployment);
    case 'created':
    case 'pending':
      return job.played ? whileManual(ctx, deployment) : 'created';
    default:
      return job.status;
  }
}

function whileManual(ctx: SimContext, deployment: Deployment): DeploymentStatus {
  if (deployment.unblocked) return 'created';
  return ctx.profile.manualDeploymentsBlocked || needsApproval(ctx, environmentOf(ctx, deployment))
    ? 'blocked'
    : 'created';
}

export function deploymentOfJob(ctx: SimContext, job: Job): Deployment | undefined {
  return ctx.state.deploymentsOf(ctx.state.projects.get(job.projectId)!).find((d) => d.jobId === job.id);
}

/** `EE::Ci::Build#playable?`: a manual job that is not waiting for deployment approval. */
export function jobPlayable(ctx: SimContext, job: Job): boolean {
  if (job.status !== 'manual') return false;
  const deployment = deploymentOfJob(ctx, job);
  return !(deployment && waitingForApproval(ctx, deployment));
}

/** Approvals of a rule across all deployments: REST `deployment_approvals` is the rule's unscoped association (docs/gitlab-behaviour.md#deployments-api-and-the-approval-summary). */
export function approvalsOfRule(ctx: SimContext, rule: ApprovalRule): DeploymentApproval[] {
  return [...ctx.state.approvals.values()].filter((a) => a.approvalRuleId === rule.id);
}
