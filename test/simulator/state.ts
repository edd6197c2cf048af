// The simulator's in-memory GitLab: typed records plus builders, so tests read like
// `state.addBlockedDeployment({ project, environment, triggeredBy })` instead of JSON blobs.
import { createHash } from 'node:crypto';
import {
  AccessRuleBase,
  ApprovalRule,
  Deployment,
  AuditEventRecord,
  DeploymentApproval,
  DeployAccessLevel,
  Environment,
  EnvironmentTier,
  FreezePeriod,
  Group,
  Job,
  JobStatus,
  MemberLevel,
  Pipeline,
  Project,
  ProtectedEnvironment,
  Token,
  TokenScope,
  User,
  Visibility,
} from './model';
import { parseCron } from './cron';
import { guessTier } from './environmentTier';
import { RepositoryStore } from './repository';

/** Identifies one protected-environment rule: exactly one of user, group or access level. */
export interface RuleSpec {
  user?: User;
  group?: Group;
  accessLevel?: number;
  groupInheritanceType?: 0 | 1;
}
export interface ApprovalRuleSpec extends RuleSpec {
  requiredApprovals?: number;
}

export interface BlockedDeploymentSpec {
  project: Project;
  environment: Environment;
  triggeredBy: User;
  ref?: string;
  sha?: string;
  jobName?: string;
  at?: string;
  /** A pipeline that already deploys elsewhere (one pipeline, several environments); a new one by default. */
  pipeline?: Pipeline;
}

export interface DeploymentSpec extends BlockedDeploymentSpec {
  /** The job's status; the deployment's status follows it (docs/gitlab-behaviour.md#deployment-statuses). */
  jobStatus?: JobStatus;
  /** The job's stage (`deploy` by default); a later stage's job waits as `created` until the stage starts. */
  stage?: string;
  failureReason?: Job['failureReason'];
}

export interface CreatedDeployment {
  deployment: Deployment;
  job: Job;
  pipeline: Pipeline;
}

/** Derives a stable fake commit SHA from a seed. */
export function fakeSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

export class SimState {
  readonly users = new Map<number, User>();
  readonly tokens = new Map<string, Token>();
  readonly groups = new Map<number, Group>();
  readonly projects = new Map<number, Project>();
  readonly environments = new Map<number, Environment>();
  readonly protectedEnvironments = new Map<number, ProtectedEnvironment>();
  readonly pipelines = new Map<number, Pipeline>();
  readonly jobs = new Map<number, Job>();
  readonly deployments = new Map<number, Deployment>();
  readonly approvals = new Map<number, DeploymentApproval>();
  readonly freezePeriods = new Map<number, FreezePeriod>();
  /** Project audit events, in the order written. */
  readonly auditEvents: AuditEventRecord[] = [];
  /** Git histories and merge requests, for the repository API. */
  readonly repository = new RepositoryStore();
  /** The main user of the scenario: `defaultToken` belongs to them. */
  mainUsername: string | undefined;

  private readonly seq = new Map<string, number>();
  private readonly iids = new Map<string, number>();
  private readonly deploymentsByProject = new Map<number, Deployment[]>();
  private readonly environmentsByProject = new Map<number, Environment[]>();
  private readonly approvalsByDeployment = new Map<number, DeploymentApproval[]>();

  constructor(readonly clock: () => Date = () => new Date()) {}

  /** ISO 8601 with milliseconds and `Z`, like GitLab's API. */
  now(): string {
    return this.clock().toISOString();
  }

  nextId(kind: string): number {
    const next = (this.seq.get(kind) ?? 0) + 1;
    this.seq.set(kind, next);
    return next;
  }

  private nextIid(kind: string, projectId: number): number {
    const key = `${kind}:${projectId}`;
    const next = (this.iids.get(key) ?? 0) + 1;
    this.iids.set(key, next);
    return next;
  }

  // ── users and tokens ────────────────────────────────────────────────────────────────────────────

  addUser(spec: {
    username: string;
    name?: string;
    email?: string;
    admin?: boolean;
    at?: string;
    userType?: User['userType'];
  }): User {
    if (this.findUser(spec.username)) throw new Error(`user ${spec.username} exists`);
    const user: User = {
      id: this.nextId('user'),
      username: spec.username,
      name: spec.name ?? spec.username,
      email: spec.email ?? `${spec.username}@example.com`,
      state: 'active',
      admin: spec.admin ?? false,
      createdAt: spec.at ?? this.now(),
      ...(spec.userType && { userType: spec.userType }),
    };
    this.users.set(user.id, user);
    return user;
  }

  findUser(username: string): User | undefined {
    for (const user of this.users.values()) if (user.username === username) return user;
    return undefined;
  }

  user(username: string): User {
    const user = this.findUser(username);
    if (!user) throw new Error(`no user ${username}`);
    return user;
  }

  /** Adds a personal access token; the default value is derived from the username so it is stable across runs. */
  addToken(
    user: User,
    spec: { scopes?: TokenScope[]; name?: string; token?: string; expiresAt?: string | null; revoked?: boolean } = {},
  ): Token {
    const scopes = spec.scopes ?? ['api'];
    const token: Token = {
      id: this.nextId('token'),
      userId: user.id,
      name: spec.name ?? `${user.username}-${scopes.join('-')}`,
      token:
        spec.token ??
        `glpat-${createHash('sha256')
          .update(`sim:${user.username}:${scopes.join(',')}:${spec.name ?? ''}`)
          .digest('hex')
          .slice(0, 20)}`,
      scopes,
      createdAt: this.now(),
      expiresAt: spec.expiresAt ?? null,
      revoked: spec.revoked ?? false,
    };
    this.tokens.set(token.token, token);
    return token;
  }

  /** A working `api`-scoped token for the user, created on first use. */
  tokenFor(username: string): string {
    const user = this.user(username);
    for (const token of this.tokens.values()) {
      if (token.userId === user.id && !token.revoked && token.expiresAt === null && token.scopes.includes('api'))
        return token.token;
    }
    return this.addToken(user).token;
  }

  // ── groups and projects ─────────────────────────────────────────────────────────────────────────

  addGroup(spec: {
    name: string;
    path?: string;
    parent?: Group;
    visibility?: Visibility;
    description?: string;
    members?: [User, MemberLevel][];
    at?: string;
  }): Group {
    const group: Group = {
      id: this.nextId('namespace'),
      name: spec.name,
      path: spec.path ?? slugify(spec.name),
      parentId: spec.parent?.id ?? null,
      description: spec.description ?? '',
      visibility: spec.visibility ?? 'private',
      createdAt: spec.at ?? this.now(),
      members: new Map(),
    };
    for (const [user, level] of spec.members ?? []) group.members.set(user.id, level);
    this.groups.set(group.id, group);
    return group;
  }

  groupFullPath(group: Group): string {
    const parent = group.parentId === null ? undefined : this.groups.get(group.parentId);
    return parent ? `${this.groupFullPath(parent)}/${group.path}` : group.path;
  }

  groupFullName(group: Group): string {
    const parent = group.parentId === null ? undefined : this.groups.get(group.parentId);
    return parent ? `${this.groupFullName(parent)} / ${group.name}` : group.name;
  }

  /** The group and its ancestors, nearest first. */
  groupAncestry(group: Group): Group[] {
    const chain: Group[] = [];
    for (let g: Group | undefined = group; g; g = g.parentId === null ? undefined : this.groups.get(g.parentId))
      chain.push(g);
    return chain;
  }

  findGroupByPath(fullPath: string): Group | undefined {
    for (const group of this.groups.values())
      if (this.groupFullPath(group).toLowerCase() === fullPath.toLowerCase()) return group;
    return undefined;
  }

  addMember(target: Group | Project, user: User, level: MemberLevel): void {
    target.members.set(user.id, level);
  }

  addProject(spec: {
    name: string;
    path?: string;
    group?: Group;
    owner?: User;
    visibility?: Visibility;
    description?: string | null;
    defaultBranch?: string;
    topics?: string[];
    members?: [User, MemberLevel][];
    sharedWith?: [Group, MemberLevel][];
    allowPipelineTriggerApproveDeployment?: boolean;
    licensed?: boolean;
    ciForwardDeploymentEnabled?: boolean;
    at?: string;
  }): Project {
    if (!spec.group && !spec.owner) throw new Error('a project needs a group or an owner');
    const at = spec.at ?? this.now();
    const project: Project = {
      id: this.nextId('project'),
      name: spec.name,
      path: spec.path ?? slugify(spec.name),
      groupId: spec.group?.id ?? null,
      ownerId: spec.group ? null : spec.owner!.id,
      description: spec.description ?? null,
      visibility: spec.visibility ?? 'private',
      defaultBranch: spec.defaultBranch ?? 'main',
      topics: spec.topics ?? [],
      createdAt: at,
      lastActivityAt: at,
      archived: false,
      members: new Map(),
      sharedWithGroups: [],
      allowPipelineTriggerApproveDeployment: spec.allowPipelineTriggerApproveDeployment ?? false,
      licensed: spec.licensed,
      ciForwardDeploymentEnabled: spec.ciForwardDeploymentEnabled ?? true,
      ciForwardDeploymentRollbackAllowed: true,
    };
    // A personal project's owner is its Owner member, as in GitLab.
    if (!spec.group) project.members.set(spec.owner!.id, 50);
    for (const [user, level] of spec.members ?? []) project.members.set(user.id, level);
    for (const [group, access] of spec.sharedWith ?? [])
      project.sharedWithGroups.push({ groupId: group.id, groupAccess: access });
    this.projects.set(project.id, project);
    return project;
  }

  shareProject(project: Project, group: Group, groupAccess: MemberLevel): void {
    project.sharedWithGroups.push({ groupId: group.id, groupAccess });
  }

  projectNamespacePath(project: Project): string {
    if (project.groupId !== null) return this.groupFullPath(this.groups.get(project.groupId)!);
    return this.users.get(project.ownerId!)!.username;
  }

  projectFullPath(project: Project): string {
    return `${this.projectNamespacePath(project)}/${project.path}`;
  }

  projectNameWithNamespace(project: Project): string {
    const ns =
      project.groupId !== null
        ? this.groupFullName(this.groups.get(project.groupId)!)
        : this.users.get(project.ownerId!)!.name;
    return `${ns} / ${project.name}`;
  }

  findProject(idOrPath: string | number): Project | undefined {
    if (typeof idOrPath === 'number' || /^\d+$/.test(idOrPath)) return this.projects.get(Number(idOrPath));
    const wanted = idOrPath.toLowerCase();
    for (const project of this.projects.values())
      if (this.projectFullPath(project).toLowerCase() === wanted) return project;
    return undefined;
  }

  /**
   * The project is deleted: from then on GitLab finds it nowhere, so every route below it answers 404 Project Not Found
   * (the project lookup, docs/gitlab-behaviour.md) and no list names it. Its other records stay, unreachable.
   */
  removeProject(project: Project): void {
    this.projects.delete(project.id);
  }

  // ── environments and protected environments ─────────────────────────────────────────────────────

  addEnvironment(spec: {
    project: Project;
    name: string;
    tier?: EnvironmentTier;
    externalUrl?: string | null;
    state?: Environment['state'];
    description?: string | null;
    at?: string;
  }): Environment {
    const at = spec.at ?? this.now();
    const environment: Environment = {
      id: this.nextId('environment'),
      projectId: spec.project.id,
      name: spec.name,
      slug: slugify(spec.name).slice(0, 24),
      externalUrl: spec.externalUrl ?? null,
      tier: spec.tier ?? guessTier(spec.name),
      state: spec.state ?? 'available',
      description: spec.description ?? null,
      createdAt: at,
      updatedAt: at,
    };
    this.environments.set(environment.id, environment);
    const list = this.environmentsByProject.get(spec.project.id) ?? [];
    list.push(environment);
    this.environmentsByProject.set(spec.project.id, list);
    return environment;
  }

  environmentsOf(project: Project): Environment[] {
    return this.environmentsByProject.get(project.id) ?? [];
  }

  findEnvironment(project: Project, name: string): Environment | undefined {
    return this.environmentsOf(project).find((e) => e.name === name);
  }

  /** Protects an environment (project-level, `name` = environment name) or a tier (group-level, `name` = tier). */
  protectEnvironment(spec: {
    project?: Project;
    group?: Group;
    name: string;
    deployAccessLevels?: RuleSpec[];
    approvalRules?: ApprovalRuleSpec[];
    requiredApprovalCount?: number;
  }): ProtectedEnvironment {
    if (!spec.project === !spec.group) throw new Error('protectEnvironment needs exactly one of project or group');
    const pe: ProtectedEnvironment = {
      id: this.nextId('protected_environment'),
      projectId: spec.project?.id ?? null,
      groupId: spec.group?.id ?? null,
      name: spec.name,
      deployAccessLevels: (spec.deployAccessLevels ?? [{ accessLevel: 40 }]).map((r) => this.makeDeployAccessLevel(r)),
      requiredApprovalCount: spec.requiredApprovalCount ?? 0,
      approvalRules: (spec.approvalRules ?? []).map((r) => this.makeApprovalRule(r)),
    };
    this.protectedEnvironments.set(pe.id, pe);
    return pe;
  }

  makeDeployAccessLevel(spec: RuleSpec): DeployAccessLevel {
    return { id: this.nextId('deploy_access_level'), ...ruleKey(spec) };
  }

  makeApprovalRule(spec: ApprovalRuleSpec): ApprovalRule {
    return { id: this.nextId('approval_rule'), ...ruleKey(spec), requiredApprovals: spec.requiredApprovals ?? 1 };
  }

  findProtectedEnvironment(
    owner: { projectId?: number; groupId?: number },
    name: string,
  ): ProtectedEnvironment | undefined {
    for (const pe of this.protectedEnvironments.values()) {
      if (pe.name !== name) continue;
      if (owner.projectId !== undefined && pe.projectId === owner.projectId) return pe;
      if (owner.groupId !== undefined && pe.groupId === owner.groupId) return pe;
    }
    return undefined;
  }

  // ── deploy freezes ─────────────────────────────────────────────────────────────────────────────

  /** A deploy freeze of the project (GitLab's default zone is UTC; its cron lines are checked here as GitLab does). */
  addFreezePeriod(spec: { project: Project; start: string; end: string; timeZone?: string }): FreezePeriod {
    parseCron(spec.start);
    parseCron(spec.end);
    const at = this.now();
    const period: FreezePeriod = {
      id: this.nextId('freeze_period'),
      projectId: spec.project.id,
      freezeStart: spec.start,
      freezeEnd: spec.end,
      cronTimezone: spec.timeZone ?? 'UTC',
      createdAt: at,
      updatedAt: at,
    };
    this.freezePeriods.set(period.id, period);
    return period;
  }

  /** The project's freezes, oldest first (GitLab's default scope orders by `created_at`). */
  freezePeriodsOf(project: Project): FreezePeriod[] {
    return [...this.freezePeriods.values()].filter((p) => p.projectId === project.id);
  }

  // ── pipelines, jobs, deployments, approvals ────────────────────────────────────────────────────

  addPipeline(spec: {
    project: Project;
    user: User;
    ref?: string;
    sha?: string;
    status?: Pipeline['status'];
    source?: string;
    at?: string;
  }): Pipeline {
    const at = spec.at ?? this.now();
    const id = this.nextId('pipeline');
    const pipeline: Pipeline = {
      id,
      iid: this.nextIid('pipeline', spec.project.id),
      projectId: spec.project.id,
      ref: spec.ref ?? spec.project.defaultBranch,
      sha: spec.sha ?? fakeSha(`pipeline:${id}`),
      status: spec.status ?? 'manual',
      source: spec.source ?? 'push',
      userId: spec.user.id,
      createdAt: at,
      updatedAt: at,
    };
    this.pipelines.set(pipeline.id, pipeline);
    return pipeline;
  }

  addJob(spec: {
    pipeline: Pipeline;
    user: User;
    name: string;
    stage?: string;
    status?: JobStatus;
    failureReason?: Job['failureReason'];
    at?: string;
  }): Job {
    const at = spec.at ?? this.now();
    const status = spec.status ?? 'manual';
    const finished = ['success', 'failed', 'canceled', 'skipped'].includes(status);
    const job: Job = {
      id: this.nextId('job'),
      projectId: spec.pipeline.projectId,
      pipelineId: spec.pipeline.id,
      name: spec.name,
      stage: spec.stage ?? 'deploy',
      status,
      failureReason: status === 'failed' ? (spec.failureReason ?? 'script_failure') : null,
      userId: spec.user.id,
      ref: spec.pipeline.ref,
      sha: spec.pipeline.sha,
      allowFailure: false,
      played: false,
      createdAt: at,
      startedAt: finished || status === 'running' ? at : null,
      finishedAt: finished ? at : null,
    };
    this.jobs.set(job.id, job);
    return job;
  }

  /** A deployment with its own pipeline and deploy job. The deployment's status follows the job's (docs/gitlab-behaviour.md#deployment-statuses). */
  addDeployment(spec: DeploymentSpec): CreatedDeployment {
    const at = spec.at ?? this.now();
    const jobStatus = spec.jobStatus ?? 'manual';
    const pipelineStatus = jobStatus === 'manual' ? 'manual' : jobStatus;
    const pipeline =
      spec.pipeline ??
      this.addPipeline({
        project: spec.project,
        user: spec.triggeredBy,
        ref: spec.ref,
        sha: spec.sha,
        status: pipelineStatus,
        at,
      });
    const job = this.addJob({
      pipeline,
      user: spec.triggeredBy,
      name: spec.jobName ?? `deploy_${spec.environment.name.replace(/[^a-z0-9]+/gi, '_')}`,
      stage: spec.stage,
      status: jobStatus,
      failureReason: spec.failureReason,
      at,
    });
    const deployment: Deployment = {
      id: this.nextId('deployment'),
      iid: this.nextIid('deployment', spec.project.id),
      projectId: spec.project.id,
      environmentId: spec.environment.id,
      ref: pipeline.ref,
      sha: pipeline.sha,
      userId: spec.triggeredBy.id,
      jobId: job.id,
      unblocked: false,
      createdAt: at,
      updatedAt: at,
      finishedAt: job.finishedAt,
    };
    this.deployments.set(deployment.id, deployment);
    const list = this.deploymentsByProject.get(spec.project.id) ?? [];
    list.push(deployment);
    this.deploymentsByProject.set(spec.project.id, list);
    return { deployment, job, pipeline };
  }

  /** A deployment whose job is `manual`, i.e. `blocked` (docs/gitlab-behaviour.md#deployment-statuses, docs/gitlab-behaviour.md#jobs-of-blocked-deployments). */
  addBlockedDeployment(spec: BlockedDeploymentSpec): CreatedDeployment {
    return this.addDeployment({ ...spec, jobStatus: 'manual' });
  }

  deploymentsOf(project: Project): Deployment[] {
    return this.deploymentsByProject.get(project.id) ?? [];
  }

  jobOf(deployment: Deployment): Job | undefined {
    return deployment.jobId === null ? undefined : this.jobs.get(deployment.jobId);
  }

  /** Sets a job's status (e.g. a runner finished it) and touches its deployment and pipeline. */
  setJobStatus(job: Job, status: JobStatus, failureReason: Job['failureReason'] = null): void {
    const at = this.now();
    if (job.status === 'manual' && (status === 'pending' || status === 'created')) job.played = true;
    if (status === 'manual') job.played = false;
    job.status = status;
    job.failureReason = status === 'failed' ? (failureReason ?? 'script_failure') : null;
    if (status === 'running' || status === 'pending') job.startedAt = status === 'running' ? at : null;
    job.finishedAt = ['success', 'failed', 'canceled', 'skipped'].includes(status) ? at : null;
    const pipeline = this.pipelines.get(job.pipelineId);
    if (pipeline) {
      pipeline.status = status;
      pipeline.updatedAt = at;
    }
    // `pending` and `created` are no deployment status change (`sync_status_with`): the record is not touched.
    if (status === 'pending' || status === 'created') return;
    for (const deployment of this.deploymentsOf(this.projects.get(job.projectId)!)) {
      if (deployment.jobId !== job.id) continue;
      deployment.updatedAt = at;
      deployment.finishedAt = job.finishedAt;
    }
  }

  /** Stores an approval record as is (seeding); the approval service is the way to approve with GitLab's checks. */
  /**
   * The audit event GitLab writes for an approval or rejection (`create_audit_event`,
   * ee/app/services/deployments/approval_service.rb L46-59): scope the project, target the environment.
   */
  auditApproval(deployment: Deployment, user: User, approval: DeploymentApproval, at = this.now()): AuditEventRecord {
    const environment = this.environments.get(deployment.environmentId)!;
    const verb = approval.status === 'approved' ? 'Approved' : 'Rejected';
    const event: AuditEventRecord = {
      id: this.nextId('audit_event'),
      authorId: user.id,
      projectId: deployment.projectId,
      eventName: `deployment_${approval.status}`,
      details: {
        comment: approval.comment,
        event_name: `deployment_${approval.status}`,
        author_name: user.name,
        author_class: 'User',
        target_id: environment.id,
        target_type: 'Environment',
        target_details: environment.name,
        custom_message: `${verb} deployment with IID: ${deployment.iid} and ID: ${deployment.id}`,
      },
      createdAt: at,
    };
    this.auditEvents.push(event);
    return event;
  }

  addApprovalRecord(spec: {
    deployment: Deployment;
    user: User;
    status: 'approved' | 'rejected';
    rule: ApprovalRule | null;
    comment?: string | null;
    at?: string;
  }): DeploymentApproval {
    const at = spec.at ?? this.now();
    const approval: DeploymentApproval = {
      id: this.nextId('approval'),
      deploymentId: spec.deployment.id,
      userId: spec.user.id,
      approvalRuleId: spec.rule?.id ?? null,
      status: spec.status,
      comment: spec.comment ?? null,
      createdAt: at,
      updatedAt: at,
    };
    this.approvals.set(approval.id, approval);
    const list = this.approvalsByDeployment.get(spec.deployment.id) ?? [];
    list.push(approval);
    this.approvalsByDeployment.set(spec.deployment.id, list);
    return approval;
  }

  approvalsOf(deployment: Deployment): DeploymentApproval[] {
    return this.approvalsByDeployment.get(deployment.id) ?? [];
  }
}

function ruleKey(spec: RuleSpec): Omit<AccessRuleBase, 'id'> {
  const given = [spec.user, spec.group, spec.accessLevel].filter((v) => v !== undefined).length;
  if (given !== 1) throw new Error('a rule needs exactly one of user, group or accessLevel');
  return {
    userId: spec.user?.id ?? null,
    groupId: spec.group?.id ?? null,
    accessLevel: spec.accessLevel ?? null,
    groupInheritanceType: spec.groupInheritanceType ?? 0,
  };
}

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
