// JSON presenters: GitLab's Grape entities for the records in the model. Key order follows GitLab's entities.
import { createHash } from 'node:crypto';
import {
  approvalsOfRule,
  associatedApprovalRules,
  deploymentStatus,
  pendingApprovalCount,
  projectLicensed,
} from './approvalRules';
import type { SimContext } from './context';
import {
  AccessRuleBase,
  ApprovalRule,
  Deployment,
  DeploymentApproval,
  Environment,
  Group,
  Job,
  Pipeline,
  Project,
  ProtectedEnvironment,
  Token,
  User,
} from './model';
import { canAdminProject, groupAccessLevel, humanizeRule, lastSuccessfulDeployment } from './policy';
import { commitEntity } from './repositoryEntities';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function avatarUrl(email: string): string {
  return `https://www.gravatar.com/avatar/${createHash('md5').update(email.toLowerCase()).digest('hex')}?s=80&d=identicon`;
}

/** `Entities::UserBasic`. */
export function userBasic(ctx: SimContext, user: User): JsonObject {
  return {
    id: user.id,
    username: user.username,
    public_email: null,
    name: user.name,
    state: user.state,
    locked: false,
    avatar_url: avatarUrl(user.email),
    web_url: `${ctx.webUrl}/${user.username}`,
  };
}

/** `Entities::User` (UserBasic plus the public profile), as nested in jobs. */
export function userWithProfile(ctx: SimContext, user: User): JsonObject {
  return {
    ...userBasic(ctx, user),
    created_at: user.createdAt,
    bio: '',
    location: '',
    linkedin: '',
    twitter: '',
    discord: '',
    website_url: '',
    organization: '',
    job_title: '',
    pronouns: null,
    // `expose :bot?, as: :bot` (lib/api/entities/user.rb): every user type in BOT_USER_TYPES, service accounts included.
    bot: user.userType !== undefined,
    work_information: null,
    followers: 0,
    following: 0,
    local_time: null,
  };
}

/** `GET /user`: `Entities::UserPublic` (plus `is_admin` for admins, as GitLab shows it to admins). */
export function currentUser(ctx: SimContext, user: User): JsonObject {
  const body: JsonObject = {
    ...userWithProfile(ctx, user),
    last_sign_in_at: user.createdAt,
    confirmed_at: user.createdAt,
    last_activity_on: user.createdAt.slice(0, 10),
    email: user.email,
    theme_id: 1,
    color_scheme_id: 1,
    projects_limit: 100000,
    current_sign_in_at: user.createdAt,
    identities: [],
    can_create_group: true,
    can_create_project: true,
    two_factor_enabled: false,
    external: false,
    private_profile: false,
    commit_email: user.email,
  };
  if (user.admin) body.is_admin = true;
  return body;
}

/** `GET /personal_access_tokens/self`. */
export function personalAccessToken(token: Token): JsonObject {
  return {
    id: token.id,
    name: token.name,
    revoked: token.revoked,
    created_at: token.createdAt,
    description: null,
    scopes: token.scopes,
    user_id: token.userId,
    last_used_at: null,
    active: !token.revoked && (token.expiresAt === null || token.expiresAt > new Date().toISOString().slice(0, 10)),
    expires_at: token.expiresAt,
  };
}

/** `GET /version` and `/metadata`: `enterprise` only since 15.6. */
export function versionInfo(ctx: SimContext, withKasProxy: boolean): JsonObject {
  const kas: JsonObject = { enabled: false, externalUrl: null, version: null };
  if (withKasProxy) kas.externalK8sProxyUrl = null;
  const body: JsonObject = { version: ctx.profile.version, revision: ctx.profile.revision, kas };
  if (ctx.profile.versionHasEnterpriseKey) body.enterprise = ctx.profile.enterprise;
  return body;
}

export function projectWebUrl(ctx: SimContext, project: Project): string {
  return `${ctx.webUrl}/${ctx.state.projectFullPath(project)}`;
}

function namespaceOf(ctx: SimContext, project: Project): JsonObject {
  if (project.groupId !== null) {
    const group = ctx.state.groups.get(project.groupId)!;
    const fullPath = ctx.state.groupFullPath(group);
    return {
      id: group.id,
      name: group.name,
      path: group.path,
      kind: 'group',
      full_path: fullPath,
      parent_id: group.parentId,
      avatar_url: null,
      web_url: `${ctx.webUrl}/groups/${fullPath}`,
    };
  }
  const owner = ctx.state.users.get(project.ownerId!)!;
  // A user namespace id differs from the user id in GitLab; offset it so they never collide with group ids.
  return {
    id: 100000 + owner.id,
    name: owner.name,
    path: owner.username,
    kind: 'user',
    full_path: owner.username,
    parent_id: null,
    avatar_url: avatarUrl(owner.email),
    web_url: `${ctx.webUrl}/${owner.username}`,
  };
}

/** `Entities::BasicProjectDetails` (also `simple=true` and the `project` of an environment). */
export function projectBasic(ctx: SimContext, project: Project): JsonObject {
  const fullPath = ctx.state.projectFullPath(project);
  const webUrl = projectWebUrl(ctx, project);
  return {
    id: project.id,
    description: project.description,
    name: project.name,
    name_with_namespace: ctx.state.projectNameWithNamespace(project),
    path: project.path,
    path_with_namespace: fullPath,
    created_at: project.createdAt,
    default_branch: project.defaultBranch,
    tag_list: project.topics,
    topics: project.topics,
    ssh_url_to_repo: `git@${new URL(ctx.webUrl).hostname}:${fullPath}.git`,
    http_url_to_repo: `${webUrl}.git`,
    web_url: webUrl,
    readme_url: `${webUrl}/-/blob/${project.defaultBranch}/README.md`,
    forks_count: 0,
    avatar_url: null,
    star_count: 0,
    last_activity_at: project.lastActivityAt,
    namespace: namespaceOf(ctx, project),
  };
}

/**
 * `Entities::ProjectWithAccess` (GET /projects, /projects/:id). `allow_pipeline_trigger_approve_deployment` only when the project
 * has the `protected_environments` feature, and only since 15.8 (docs/gitlab-behaviour.md#approving-and-rejecting, docs/gitlab-behaviour.md#versions-and-editions).
 */
export function projectFull(ctx: SimContext, project: Project, user: User | undefined): JsonObject {
  const basic = projectBasic(ctx, project);
  const webUrl = projectWebUrl(ctx, project);
  const apiSelf = `${ctx.webUrl}/api/v4/projects/${project.id}`;
  const direct = user ? project.members.get(user.id) : undefined;
  const viaGroup =
    user && project.groupId !== null ? groupAccessLevel(ctx, user, ctx.state.groups.get(project.groupId)!) : 0;
  const body: JsonObject = {
    ...basic,
    container_registry_image_prefix: `registry.${new URL(ctx.webUrl).hostname}/${ctx.state.projectFullPath(project)}`,
    _links: {
      self: apiSelf,
      issues: `${apiSelf}/issues`,
      merge_requests: `${apiSelf}/merge_requests`,
      repo_branches: `${apiSelf}/repository/branches`,
      labels: `${apiSelf}/labels`,
      events: `${apiSelf}/events`,
      members: `${apiSelf}/members`,
      cluster_agents: `${apiSelf}/cluster_agents`,
    },
    packages_enabled: true,
    empty_repo: false,
    archived: project.archived,
    visibility: project.visibility,
    resolve_outdated_diff_discussions: false,
    container_registry_enabled: true,
    issues_enabled: true,
    merge_requests_enabled: true,
    wiki_enabled: true,
    jobs_enabled: true,
    snippets_enabled: true,
    shared_runners_enabled: true,
    creator_id: project.ownerId ?? 1,
    import_status: 'none',
    open_issues_count: 0,
    ci_default_git_depth: 20,
    public_jobs: true,
    shared_with_groups: project.sharedWithGroups.map((link) => {
      const group = ctx.state.groups.get(link.groupId)!;
      return {
        group_id: group.id,
        group_name: group.name,
        group_full_path: ctx.state.groupFullPath(group),
        group_access_level: link.groupAccess,
        expires_at: null,
      };
    }),
    only_allow_merge_if_pipeline_succeeds: false,
    request_access_enabled: true,
    web_url: webUrl,
    permissions: {
      project_access: direct ? { access_level: direct, notification_level: 3 } : null,
      group_access: viaGroup > 0 ? { access_level: viaGroup, notification_level: 3 } : null,
    },
  };
  // CI/CD settings only for those who may administer the project (lib/api/entities/project.rb L117-122, `admin_project`).
  if (canAdminProject(ctx, user, project)) {
    body.ci_forward_deployment_enabled = project.ciForwardDeploymentEnabled;
    body.ci_forward_deployment_rollback_allowed = project.ciForwardDeploymentRollbackAllowed;
  }
  if (ctx.profile.hasSelfApprovalSetting && projectLicensed(ctx, project)) {
    body.allow_pipeline_trigger_approve_deployment = project.allowPipelineTriggerApproveDeployment;
  }
  return body;
}

/** `Entities::EnvironmentBasic` (the `environment` of a deployment). */
export function environmentBasic(environment: Environment): JsonObject {
  return {
    id: environment.id,
    name: environment.name,
    slug: environment.slug,
    external_url: environment.externalUrl,
    created_at: environment.createdAt,
    updated_at: environment.updatedAt,
  };
}

/**
 * `Entities::Environment`: `project` in lists only; `last_deployment` (the last *successful* one, a plain deployment) on the
 * single GET only (docs/gitlab-behaviour.md#environments-api).
 */
export function environmentEntity(
  ctx: SimContext,
  environment: Environment,
  opts: { withProject?: boolean; withLastDeployment?: boolean },
): JsonObject {
  const body: JsonObject = { ...environmentBasic(environment), tier: environment.tier };
  if (opts.withProject) body.project = projectBasic(ctx, ctx.state.projects.get(environment.projectId)!);
  if (opts.withLastDeployment) {
    const last = lastSuccessfulDeployment(ctx, environment);
    body.last_deployment = last ? deploymentEntity(ctx, last) : null;
  }
  body.state = environment.state;
  body.auto_stop_at = null;
  body.description = environment.description;
  body.auto_stop_setting = 'always';
  return body;
}

function pipelineBasic(ctx: SimContext, pipeline: Pipeline): JsonObject {
  const project = ctx.state.projects.get(pipeline.projectId)!;
  return {
    id: pipeline.id,
    iid: pipeline.iid,
    project_id: pipeline.projectId,
    sha: pipeline.sha,
    ref: pipeline.ref,
    status: pipeline.status,
    source: pipeline.source,
    created_at: pipeline.createdAt,
    updated_at: pipeline.updatedAt,
    web_url: `${projectWebUrl(ctx, project)}/-/pipelines/${pipeline.id}`,
  };
}

function commitBasic(ctx: SimContext, project: Project, sha: string, author: User, at: string): JsonObject {
  // The real commit when the project has a history (repository.ts); otherwise a stand-in.
  const known = ctx.state.repository.get(project, sha);
  if (known) return commitEntity(ctx, project, known);
  const title = `Deploy ${sha.slice(0, 8)}`;
  return {
    id: sha,
    short_id: sha.slice(0, 8),
    created_at: at,
    parent_ids: [],
    title,
    message: `${title}\n`,
    author_name: author.name,
    author_email: author.email,
    authored_date: at,
    committer_name: author.name,
    committer_email: author.email,
    committed_date: at,
    trailers: {},
    extended_trailers: {},
    web_url: `${projectWebUrl(ctx, project)}/-/commit/${sha}`,
  };
}

function seconds(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  return (Date.parse(to) - Date.parse(from)) / 1000;
}

/** `Entities::Ci::Job`. `failure_reason` only for failed jobs (e.g. `deployment_rejected`, docs/gitlab-behaviour.md#approving-and-rejecting). */
export function jobEntity(ctx: SimContext, job: Job): JsonObject {
  const project = ctx.state.projects.get(job.projectId)!;
  const pipeline = ctx.state.pipelines.get(job.pipelineId)!;
  const user = ctx.state.users.get(job.userId)!;
  const body: JsonObject = {
    id: job.id,
    status: job.status,
    stage: job.stage,
    name: job.name,
    ref: job.ref,
    tag: false,
    coverage: null,
    allow_failure: job.allowFailure,
    created_at: job.createdAt,
    started_at: job.startedAt,
    finished_at: job.finishedAt,
    erased_at: null,
    duration: seconds(job.startedAt, job.finishedAt),
    queued_duration: job.startedAt ? seconds(job.createdAt, job.startedAt) : null,
    user: userWithProfile(ctx, user),
    commit: commitBasic(ctx, project, job.sha, user, pipeline.createdAt),
    pipeline: pipelineBasic(ctx, pipeline),
  };
  if (job.status === 'failed') body.failure_reason = job.failureReason;
  Object.assign(body, {
    web_url: `${projectWebUrl(ctx, project)}/-/jobs/${job.id}`,
    project: { ci_job_token_scope_enabled: false },
    artifacts: [],
    runner: null,
    runner_manager: null,
    artifacts_expire_at: null,
    archived: false,
    tag_list: [],
  });
  return body;
}

/** `Entities::Deployment`: list items, never with approval fields on any edition (docs/gitlab-behaviour.md#deployments-api-and-the-approval-summary). */
export function deploymentEntity(ctx: SimContext, deployment: Deployment): JsonObject {
  const job = ctx.state.jobOf(deployment);
  const user = ctx.state.users.get(deployment.userId);
  return {
    id: deployment.id,
    iid: deployment.iid,
    ref: deployment.ref,
    sha: deployment.sha,
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    user: user ? userBasic(ctx, user) : null,
    environment: environmentBasic(ctx.state.environments.get(deployment.environmentId)!),
    deployable: job ? jobEntity(ctx, job) : null,
    status: deploymentStatus(ctx, deployment),
  };
}

/** `Entities::Deployments::Approval`: no rule id, no updated_at (docs/gitlab-behaviour.md#approving-and-rejecting). */
export function approvalEntity(ctx: SimContext, approval: DeploymentApproval): JsonObject {
  return {
    user: userBasic(ctx, ctx.state.users.get(approval.userId)!),
    status: approval.status,
    created_at: approval.createdAt,
    comment: approval.comment,
  };
}

function accessRuleFields(ctx: SimContext, rule: AccessRuleBase): JsonObject {
  return {
    id: rule.id,
    access_level: rule.accessLevel,
    access_level_description: humanizeRule(ctx, rule),
    user_id: rule.userId,
    group_id: rule.groupId,
    group_inheritance_type: rule.groupInheritanceType,
  };
}

function approvalRuleEntity(ctx: SimContext, rule: ApprovalRule): JsonObject {
  return { ...accessRuleFields(ctx, rule), required_approvals: rule.requiredApprovals };
}

/**
 * `Entities::DeploymentExtended` with EE's `pending_approval_count`, `approvals` and (15.0+) `approval_summary`. CE shows none of
 * them. `approval_summary.rules[].deployment_approvals` is the rule's unscoped association (docs/gitlab-behaviour.md#deployments-api-and-the-approval-summary).
 */
export function deploymentExtendedEntity(ctx: SimContext, deployment: Deployment): JsonObject {
  const body = deploymentEntity(ctx, deployment);
  if (!ctx.profile.enterprise) return body;
  body.pending_approval_count = pendingApprovalCount(ctx, deployment);
  body.approvals = ctx.state.approvalsOf(deployment).map((a) => approvalEntity(ctx, a));
  if (ctx.profile.hasApprovalRules) {
    const environment = ctx.state.environments.get(deployment.environmentId)!;
    body.approval_summary = {
      rules: associatedApprovalRules(ctx, environment).map(({ rule }) => ({
        ...approvalRuleEntity(ctx, rule),
        deployment_approvals: approvalsOfRule(ctx, rule).map((a) => approvalEntity(ctx, a)),
      })),
    };
  }
  return body;
}

/** `Entities::ProtectedEnvironment`. Before 15.0 there were no `approval_rules`. */
export function protectedEnvironmentEntity(ctx: SimContext, pe: ProtectedEnvironment): JsonObject {
  const body: JsonObject = {
    name: pe.name,
    deploy_access_levels: pe.deployAccessLevels.map((level) => accessRuleFields(ctx, level)),
    required_approval_count: pe.requiredApprovalCount,
  };
  if (ctx.profile.hasApprovalRules) body.approval_rules = pe.approvalRules.map((rule) => approvalRuleEntity(ctx, rule));
  return body;
}

/** `Entities::Group` (minimal; used by the control API summary). */
export function groupSummary(ctx: SimContext, group: Group): JsonObject {
  return { id: group.id, name: group.name, full_path: ctx.state.groupFullPath(group) };
}
