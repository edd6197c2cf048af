// The last known state of each instance, kept across restarts so the count and rows show at once, before any request
// returns. Only what the rows and menus need is kept, field by field (GitLab's answers carry much more); no token and
// nothing else secret. Restoring derives the views again with the same pure code as a refresh (views.ts).

import type {
  ApprovalRuleForSummary,
  CurrentUser,
  DeploymentApproval,
  DeploymentDetail,
  DeploymentListItem,
  JobSummary,
  ProjectSummary,
  ProtectedEnvironment,
  ProtectedEnvironmentApprovalRule,
  UserBasic,
} from '../gitlab/types';
import { awaitsSomeone } from '../approvals/classify';
import type { LiveDeployment } from '../approvals/forwardDeployment';
import { neededFromMe } from '../actions/availableActions';
import { locatedDeployments, type InstanceView } from './snapshot';
import { projectView } from './views';

export const KEPT_STATE_VERSION = 1;

export interface KeptState {
  version: typeof KEPT_STATE_VERSION;
  instances: KeptInstance[];
}

export interface KeptInstance {
  instanceUrl: string;
  savedAt: number;
  user?: CurrentUser;
  capabilities?: InstanceView['capabilities'];
  memberships: [number, { direct: boolean; inherited: boolean }][];
  topGroupAccessLevels?: [string, number][];
  projects: KeptProject[];
}

interface KeptProject {
  project: ProjectSummary;
  accessLevel?: number;
  protectionsRead: boolean;
  protections: ProtectedEnvironment[];
  blocked: DeploymentDetail[] | DeploymentListItem[];
  /** What is live where a job waits to be run (environment id → deployment), so older ones show no Run at once. */
  live?: [number, LiveDeployment | null][];
}

/**
 * What to keep of a loaded instance: the projects with blocked deployments, trimmed to what rows and menus read. Every
 * row is kept, however many: one left out would lower the count at the next start without GitLab having said so.
 */
export function keepInstance(view: InstanceView, savedAt: number): KeptInstance {
  const projects: KeptProject[] = [];
  for (const project of view.projects) {
    const deployments = project.environments.flatMap((e) => e.deployments);
    if (deployments.length === 0) continue;
    const environments = new Set(deployments.map((d) => d.deployment.environment.name));
    projects.push({
      project: keptProject(project.project),
      accessLevel: project.accessLevel,
      protectionsRead: project.protectionsRead,
      protections: project.environments
        .filter((e) => e.protection && environments.has(e.name))
        .map((e) => keptProtection(e.protection!)),
      blocked: deployments.map((d) => (d.detail ? keptDetail(d.detail) : keptItem(d.deployment))),
      live: [...(project.live ?? [])].filter(([id]) => deployments.some((d) => d.deployment.environment.id === id)),
    });
  }
  return {
    instanceUrl: view.instanceUrl,
    savedAt,
    user: view.user && { ...keptUser(view.user), is_admin: view.user.is_admin },
    capabilities: view.capabilities,
    memberships: [...(view.memberships ?? [])],
    topGroupAccessLevels: [...(view.topGroupAccessLevels ?? [])],
    projects,
  };
}

export const KEPT_COUNTS_VERSION = 1;

/**
 * What the status bar shows of one kept instance, kept apart from its rows: small, so it is read and shown at
 * activation before the rows (whose views take time to derive on a large account) are read.
 */
export interface KeptCount {
  instanceUrl: string;
  savedAt: number;
  userId?: number;
  /** Deployments that need the user, as the status bar counts them (`neededFromMe`). */
  approve: number;
  mayApprove: number;
  run: number;
  /** Deployments waiting for someone (the status bar's "all blocked" mode). */
  blocked: number;
}

export interface KeptCounts {
  version: typeof KEPT_COUNTS_VERSION;
  instances: KeptCount[];
}

/** The status bar's counts of a loaded instance, from the same rows `keepInstance` keeps. */
export function countInstance(view: InstanceView, savedAt: number): KeptCount {
  const count: KeptCount = {
    instanceUrl: view.instanceUrl,
    savedAt,
    userId: view.user?.id,
    approve: 0,
    mayApprove: 0,
    run: 0,
    blocked: 0,
  };
  for (const { view: deployment, project } of locatedDeployments({ instances: [view], refreshing: false })) {
    const needed = neededFromMe(deployment, project.accessLevel);
    if (needed) count[needed]++;
    if (awaitsSomeone(deployment)) count.blocked++;
  }
  return count;
}

/** The kept counts of these instances, with the same checks as `restoreInstances`; none from an older format. */
export function restoreCounts(
  raw: unknown,
  instanceUrls: readonly string[],
  signedInUsers: ReadonlyMap<string, number> = new Map(),
): KeptCount[] {
  if (!isRecord(raw) || raw.version !== KEPT_COUNTS_VERSION || !Array.isArray(raw.instances)) return [];
  return (raw.instances as unknown[]).filter((kept): kept is KeptCount => {
    if (!isRecord(kept) || typeof kept.instanceUrl !== 'string' || !instanceUrls.includes(kept.instanceUrl))
      return false;
    const signedIn = signedInUsers.get(kept.instanceUrl);
    if (signedIn !== undefined && kept.userId !== signedIn) return false;
    return (['approve', 'mayApprove', 'run', 'blocked', 'savedAt'] as const).every(
      (key) => Number.isSafeInteger(kept[key]) && (kept[key] as number) >= 0,
    );
  });
}

/**
 * The kept instances as views, marked not yet refreshed; anything unreadable (an older format, damage) is dropped, and
 * so is an instance kept for another user than the one last signed in to it (`signedInUsers`: instance → user id, where
 * known): another account's rows are never shown, not even until the first refresh.
 */
export function restoreInstances(
  raw: unknown,
  instanceUrls: readonly string[],
  signedInUsers: ReadonlyMap<string, number> = new Map(),
): InstanceView[] {
  if (!isRecord(raw) || raw.version !== KEPT_STATE_VERSION || !Array.isArray(raw.instances)) return [];
  const views: InstanceView[] = [];
  for (const kept of raw.instances as KeptInstance[]) {
    if (!isRecord(kept) || !instanceUrls.includes(kept.instanceUrl)) continue;
    const signedIn = signedInUsers.get(kept.instanceUrl);
    if (signedIn !== undefined && kept.user?.id !== signedIn) continue;
    try {
      views.push(restoreInstance(kept));
    } catch {
      // Damaged: the first refresh fills it in.
    }
  }
  return views;
}

function restoreInstance(kept: KeptInstance): InstanceView {
  const viewer = {
    instanceUrl: kept.instanceUrl,
    user: kept.user,
    memberships: new Map(kept.memberships),
    topGroupAccessLevels: new Map(kept.topGroupAccessLevels ?? []),
  };
  const projects = kept.projects.map((p) => {
    const details = new Map(p.blocked.filter(isDetail).map((d) => [d.id, d]));
    return projectView(
      {
        project: p.project,
        blocked: p.blocked,
        protections: p.protections,
        protectionsRead: p.protectionsRead,
        accessLevel: p.accessLevel,
        live: new Map(p.live ?? []),
      },
      (id) => details.get(id),
      viewer,
    );
  });
  return {
    instanceUrl: kept.instanceUrl,
    user: kept.user,
    capabilities: kept.capabilities,
    projects,
    stale: true,
    memberships: viewer.memberships,
    topGroupAccessLevels: viewer.topGroupAccessLevels,
    restoredFrom: kept.savedAt,
  };
}

function isDetail(item: DeploymentDetail | DeploymentListItem): item is DeploymentDetail {
  return 'approval_summary' in item || 'approvals' in item || 'pending_approval_count' in item;
}

function keptProject(p: ProjectSummary): ProjectSummary {
  return {
    id: p.id,
    name: p.name,
    name_with_namespace: p.name_with_namespace,
    path: p.path,
    path_with_namespace: p.path_with_namespace,
    web_url: p.web_url,
    default_branch: p.default_branch,
    last_activity_at: p.last_activity_at,
    namespace: p.namespace && { id: p.namespace.id, kind: p.namespace.kind, full_path: p.namespace.full_path },
    permissions: p.permissions && {
      project_access: p.permissions.project_access && { access_level: p.permissions.project_access.access_level },
      group_access: p.permissions.group_access && { access_level: p.permissions.group_access.access_level },
    },
    // Shown to Maintainers only: absent means the setting could not be read (forwardDeployment.ts).
    ...('ci_forward_deployment_enabled' in p ? { ci_forward_deployment_enabled: p.ci_forward_deployment_enabled } : {}),
    // Its presence is GitLab's sign of a licensed project (capabilities.ts), so it is kept only where it was present.
    ...('allow_pipeline_trigger_approve_deployment' in p
      ? { allow_pipeline_trigger_approve_deployment: p.allow_pipeline_trigger_approve_deployment }
      : {}),
  };
}

function keptUser(u: UserBasic): UserBasic {
  return { id: u.id, username: u.username, name: u.name, state: u.state, avatar_url: null, web_url: u.web_url };
}

function keptItem(d: DeploymentListItem): DeploymentListItem {
  const e = d.environment;
  return {
    id: d.id,
    iid: d.iid,
    ref: d.ref,
    sha: d.sha,
    created_at: d.created_at,
    updated_at: d.updated_at,
    status: d.status,
    user: d.user && keptUser(d.user),
    environment: {
      id: e.id,
      name: e.name,
      slug: e.slug,
      external_url: e.external_url,
      created_at: e.created_at,
      updated_at: e.updated_at,
    },
    deployable: d.deployable && keptJob(d.deployable),
  };
}

function keptJob(j: JobSummary): JobSummary {
  const p = j.pipeline;
  return {
    id: j.id,
    status: j.status,
    stage: j.stage,
    name: j.name,
    ref: j.ref,
    web_url: j.web_url,
    failure_reason: j.failure_reason,
    commit: j.commit && { title: j.commit.title },
    pipeline: p && {
      id: p.id,
      iid: p.iid,
      project_id: p.project_id,
      sha: p.sha,
      ref: p.ref,
      status: p.status,
      web_url: p.web_url,
    },
  };
}

function keptDetail(d: DeploymentDetail): DeploymentDetail {
  return {
    ...keptItem(d),
    pending_approval_count: d.pending_approval_count,
    approvals: d.approvals?.map(keptApproval),
    approval_summary: d.approval_summary && { rules: d.approval_summary.rules.map(keptSummaryRule) },
  };
}

function keptApproval(a: DeploymentApproval): DeploymentApproval {
  return { user: keptUser(a.user), status: a.status, created_at: a.created_at, comment: a.comment };
}

function keptRule(r: ProtectedEnvironmentApprovalRule): ProtectedEnvironmentApprovalRule {
  return {
    id: r.id,
    user_id: r.user_id,
    group_id: r.group_id,
    access_level: r.access_level,
    access_level_description: r.access_level_description,
    required_approvals: r.required_approvals,
    group_inheritance_type: r.group_inheritance_type,
  };
}

function keptSummaryRule(r: ApprovalRuleForSummary): ApprovalRuleForSummary {
  return { ...keptRule(r), deployment_approvals: r.deployment_approvals?.map(keptApproval) };
}

function keptProtection(p: ProtectedEnvironment): ProtectedEnvironment {
  return {
    name: p.name,
    deploy_access_levels: p.deploy_access_levels.map((l) => ({
      id: l.id,
      access_level: l.access_level,
      access_level_description: l.access_level_description,
      user_id: l.user_id,
      group_id: l.group_id,
      group_inheritance_type: l.group_inheritance_type,
    })),
    required_approval_count: p.required_approval_count,
    approval_rules: p.approval_rules?.map(keptRule),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
