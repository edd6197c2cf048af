// Who can see and do what: membership levels, visibility, and protected-environment rule matching.
// One home for GitLab's permission rules inside the simulator.
import { canDeployTo, deploymentOfJob, deploymentStatus, environmentOf, isProtected } from './approvalRules';
import type { SimContext } from './context';
import { AccessRuleBase, Deployment, Environment, Group, Job, Project, User } from './model';

/** The user's highest level in the group, counting memberships of ancestor groups (inherited membership). */
export function groupAccessLevel(ctx: SimContext, user: User | undefined, group: Group): number {
  if (!user) return 0;
  let level = 0;
  for (const g of ctx.state.groupAncestry(group)) level = Math.max(level, g.members.get(user.id) ?? 0);
  return level;
}

/** Project max access level: direct membership, the namespace's groups, and groups the project is shared with (capped by the share). */
export function projectAccessLevel(ctx: SimContext, user: User | undefined, project: Project): number {
  if (!user) return 0;
  let level = project.members.get(user.id) ?? 0;
  if (project.groupId !== null)
    level = Math.max(level, groupAccessLevel(ctx, user, ctx.state.groups.get(project.groupId)!));
  for (const link of project.sharedWithGroups) {
    const inGroup = groupAccessLevel(ctx, user, ctx.state.groups.get(link.groupId)!);
    if (inGroup > 0) level = Math.max(level, Math.min(inGroup, link.groupAccess));
  }
  return level;
}

/** The level permission checks use: admins act as Owner everywhere. */
export function effectiveProjectLevel(ctx: SimContext, user: User | undefined, project: Project): number {
  if (user?.admin) return 50;
  return projectAccessLevel(ctx, user, project);
}

export function canSeeProject(ctx: SimContext, user: User | undefined, project: Project): boolean {
  if (project.visibility === 'public') return true;
  if (!user) return false;
  if (user.admin || project.visibility === 'internal') return true;
  return projectAccessLevel(ctx, user, project) >= 10;
}

export function canSeeGroup(ctx: SimContext, user: User | undefined, group: Group): boolean {
  if (group.visibility === 'public') return true;
  if (!user) return false;
  if (user.admin || group.visibility === 'internal') return true;
  if (groupAccessLevel(ctx, user, group) > 0) return true;
  // A member of a descendant group can see the ancestors.
  for (const g of ctx.state.groups.values()) {
    if (g.members.has(user.id) && ctx.state.groupAncestry(g).includes(group)) return true;
  }
  return false;
}

/** Reporter+ reads environments, deployments and jobs of a private project (GitLab `read_deployment`, `read_environment`, `read_build`). */
export function canReadDeployments(ctx: SimContext, user: User | undefined, project: Project): boolean {
  return effectiveProjectLevel(ctx, user, project) >= 20;
}

/** `read_code`: anyone on a public project, Reporter+ on others (Guests cannot read a private repository). */
export function canReadCode(ctx: SimContext, user: User | undefined, project: Project): boolean {
  return project.visibility === 'public' || effectiveProjectLevel(ctx, user, project) >= 20;
}

/** Developer+ may play jobs and update deployments (`update_build`, `update_deployment`). */
export function canUpdateBuild(ctx: SimContext, user: User | undefined, project: Project): boolean {
  return effectiveProjectLevel(ctx, user, project) >= 30;
}

/** `admin_project`: Maintainer+ (what shows a project's CI/CD settings and lets them be changed). */
export function canAdminProject(ctx: SimContext, user: User | undefined, project: Project): boolean {
  return effectiveProjectLevel(ctx, user, project) >= 40;
}

/**
 * `play_job` on a job (lib/api/ci/jobs.rb: `authorize!(:play_job, job)` before "Unplayable Job"): a deployment older
 * than its environment's last successful one, with another sha, may not be played while forward-deployment protection
 * is on (its default; app/policies/ci/deployable_policy.rb, app/models/deployment.rb `older_than_last_successful_deployment?`).
 * On a protected environment the user must be a deployer of every protected environment that applies, and then even a
 * Reporter may play (ee/app/policies/ee/ci/deployable_policy.rb); elsewhere, Developer+ (`update_build`).
 */
export function canPlayJob(ctx: SimContext, user: User | undefined, job: Job): boolean {
  const project = ctx.state.projects.get(job.projectId)!;
  const deployment = deploymentOfJob(ctx, job);
  if (!deployment) return canUpdateBuild(ctx, user, project);
  const environment = environmentOf(ctx, deployment);
  if (hasOutdatedDeployment(ctx, project, job, deployment, environment)) return false;
  if (!user || !isProtected(ctx, environment)) return canUpdateBuild(ctx, user, project);
  return canDeployTo(ctx, environment, user) && effectiveProjectLevel(ctx, user, project) >= 20;
}

/**
 * The environment's last successful deployment (`Environment#last_deployment`: `success.ordered`, i.e. by `finished_at`
 * descending; app/models/environment.rb L36, app/models/deployment.rb L70): the last to **finish**, not the highest id.
 * Equal times are ordered by id here; PostgreSQL leaves that order open [inferred].
 */
export function lastSuccessfulDeployment(ctx: SimContext, environment: Environment): Deployment | undefined {
  const project = ctx.state.projects.get(environment.projectId)!;
  return ctx.state
    .deploymentsOf(project)
    .filter((d) => d.environmentId === environment.id && deploymentStatus(ctx, d) === 'success')
    .sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? '') || b.id - a.id)[0];
}

/**
 * `Ci::Deployable#has_outdated_deployment?` (app/models/concerns/ci/deployable.rb L36-42): with forward-deployment
 * protection on, an older deployment than the environment's last successful one, with another sha, is outdated —
 * unless the rollback allowance is on and its job has completed (a retry), never for a job still waiting to be played.
 */
function hasOutdatedDeployment(
  ctx: SimContext,
  project: Project,
  job: Job,
  deployment: Deployment,
  environment: Environment,
): boolean {
  if (!project.ciForwardDeploymentEnabled) return false;
  const completed = ['success', 'failed', 'canceled', 'skipped'].includes(job.status);
  if (project.ciForwardDeploymentRollbackAllowed && completed) return false;
  const last = lastSuccessfulDeployment(ctx, environment);
  return last !== undefined && last.id !== deployment.id && last.sha !== deployment.sha && deployment.id < last.id;
}

/** `admin_protected_environments`: Maintainer+ on projects, Owner on groups (docs/gitlab-behaviour.md#protected-environments-api). */
export function canAdminProjectProtectedEnvironments(
  ctx: SimContext,
  user: User | undefined,
  project: Project,
): boolean {
  return effectiveProjectLevel(ctx, user, project) >= 40;
}
export function canAdminGroupProtectedEnvironments(ctx: SimContext, user: User | undefined, group: Group): boolean {
  return !!user && (user.admin || groupAccessLevel(ctx, user, group) >= 50);
}

/** `group.has_user?`: a direct member. */
function groupHasUser(group: Group, user: User): boolean {
  return group.members.has(user.id);
}

/** `group.member?`: a member directly or through an ancestor group. */
function groupMember(ctx: SimContext, group: Group, user: User): boolean {
  return ctx.state.groupAncestry(group).some((g) => g.members.has(user.id));
}

/**
 * `ProtectedEnvironments::Authorizable#check_access` (docs/gitlab-behaviour.md#approving-and-rejecting): admins always match; a user rule matches that user;
 * a group rule matches direct members (inheritance 0) or inherited members (1); a role rule compares the container's max level.
 */
export function checkAccess(
  ctx: SimContext,
  rule: AccessRuleBase,
  user: User | undefined,
  container: { project?: Project; group?: Group },
): boolean {
  if (!user) return false;
  if (user.admin) return true;
  if (rule.userId !== null) return rule.userId === user.id;
  if (rule.groupId !== null) {
    const group = ctx.state.groups.get(rule.groupId);
    if (!group) return false;
    return rule.groupInheritanceType === 0 ? groupHasUser(group, user) : groupMember(ctx, group, user);
  }
  const level = container.project
    ? projectAccessLevel(ctx, user, container.project)
    : groupAccessLevel(ctx, user, container.group!);
  return level >= (rule.accessLevel ?? Infinity);
}

/** `Authorizable#humanize`: user display name, group name, or HUMAN_ACCESS_LEVELS; nil for Reporter and Admin role rules. */
export function humanizeRule(ctx: SimContext, rule: AccessRuleBase): string | null {
  if (rule.userId !== null) return ctx.state.users.get(rule.userId)?.name ?? null;
  if (rule.groupId !== null) return ctx.state.groups.get(rule.groupId)?.name ?? null;
  if (rule.accessLevel === 40) return 'Maintainers';
  if (rule.accessLevel === 30) return 'Developers + Maintainers';
  return null;
}
