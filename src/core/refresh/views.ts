// What the tree, status bar and commands show of one instance, derived from what the session read. Pure: the same
// data gives the same views, and the session builds each project's view again only when that project's data changed.

import type { ProjectFreezes } from '../freezes/deployFreezes';
import { classifyBlockedDeployment } from '../approvals/classify';
import { deployAccess } from '../approvals/deployAccess';
import { outdatedDeployment, type LiveDeployment } from '../approvals/forwardDeployment';
import { approvalEligibility } from '../approvals/eligibility';
import { externalWait, type BotAccount } from '../approvals/externalGates';
import { ruleProgress } from '../approvals/progress';
import { ruleLabels, type ApproverContext } from '../approvals/rules';
import { projectAccessLevel, projectApprovalsFeature, type InstanceCapabilities } from '../capabilities';
import type { GitLabError } from '../errors';
import type { ListCut } from '../gitlab/pagination';
import { periodText, waitText } from '../util/duration';
import { DEFAULT_POLL_RULES } from './pollPlan';
import type {
  CurrentUser,
  DeploymentDetail,
  DeploymentListItem,
  Environment,
  ProjectSummary,
  ProtectedEnvironment,
} from '../gitlab/types';
import type { DeploymentView, EnvironmentView, ProjectView, WatchCoverage } from './snapshot';

/** What the session knows of one project. */
export interface ProjectData {
  project: ProjectSummary;
  blocked: DeploymentListItem[];
  /** The blocked list was cut at its bound: GitLab has more. */
  blockedCut?: ListCut;
  /** The project's protected environments, once read (on demand); empty when none or not readable. */
  protections: ProtectedEnvironment[];
  /** The protected environments were read (Maintainer+ on a licensed project); otherwise protection is unknown. */
  protectionsRead: boolean;
  /** The user's effective role, shares included, where read (see ViewerRoles.effectiveAccessLevel). */
  accessLevel?: number;
  /**
   * Environment id → its live deployment (`last_deployment`; null: none yet), read where a job waits to be run there
   * (liveDeployments.ts); absent where not read.
   */
  live?: ReadonlyMap<number, LiveDeployment | null>;
  /** The project's deploy freezes as GitLab last answered them, where read (something waits there; projectFreezes.ts). */
  freezes?: ProjectFreezes;
  /** The project's environments, where read (only when environments with nothing waiting are asked for). */
  environments?: Environment[];
  /** The last read of its list failed. */
  error?: GitLabError;
  /** The last read of its list left records out (an id that cannot be used): the project is marked, the rest shown. */
  refused?: GitLabError;
  /** Deployment id → why its detail could not be read, or was refused; its last good detail, if any, stays. */
  detailErrors?: ReadonlyMap<number, GitLabError>;
}

/** What every project's view depends on: who the user is and which groups they belong to. */
export interface ViewerData {
  instanceUrl: string;
  user?: CurrentUser;
  memberships: ReadonlyMap<number, { direct: boolean; inherited: boolean }>;
  /** Top-level group path → the user's role there, where read. */
  topGroupAccessLevels?: ReadonlyMap<string, number>;
  /** How this GitLab counts pending approvals (flat before 16.2); per rule when not known. */
  capabilities?: Pick<InstanceCapabilities, 'pendingCountPerRule'>;
  /** The token may only read (`read_api`): nothing is offered to do (tokenScopes.ts). */
  readOnlyToken?: boolean;
  /** User id → service account or bot, for the users of user rules read so far (ruleAccounts.ts). */
  botAccounts?: ReadonlyMap<number, BotAccount>;
}

export function projectView(
  data: ProjectData,
  detailOf: (deploymentId: number) => DeploymentDetail | undefined,
  viewer: ViewerData,
): ProjectView {
  const environments = new Map<string, EnvironmentView>();
  const protectionOf = (name: string) => data.protections.find((p) => p.name === name);
  for (const environment of data.environments ?? []) {
    environments.set(environment.name, {
      id: environment.id,
      name: environment.name,
      tier: environment.tier,
      protection: protectionOf(environment.name),
      deployments: [],
    });
  }
  for (const item of data.blocked) {
    const { environment } = item;
    let target = environments.get(environment.name);
    if (!target) {
      target = {
        id: environment.id,
        name: environment.name,
        protection: protectionOf(environment.name),
        deployments: [],
      };
      environments.set(environment.name, target);
    }
    target.deployments.push(deploymentView(data, item, detailOf(item.id), viewer));
  }
  return {
    project: data.project,
    accessLevel: data.accessLevel ?? projectAccessLevel(data.project),
    approvals: projectApprovalsFeature(data.project),
    protectionsRead: data.protectionsRead,
    // By name, so rows keep their places whichever deployment named an environment first.
    environments: [...environments.values()].sort((a, b) => a.name.localeCompare(b.name)),
    blockedCut: data.blockedCut,
    ...(viewer.readOnlyToken && { readOnlyToken: true }),
    ...(data.live && { live: data.live }),
    ...(data.freezes && { freezes: data.freezes }),
    // One project's problem is that project's: shown in its row, never the instance's.
    error: data.error ?? data.refused ?? data.detailErrors?.values().next().value,
  };
}

function deploymentView(
  data: ProjectData,
  item: DeploymentListItem,
  cached: DeploymentDetail | undefined,
  viewer: ViewerData,
): DeploymentView {
  const error = data.detailErrors?.get(item.id);
  const base = {
    instanceUrl: viewer.instanceUrl,
    projectId: data.project.id,
    deployment: item,
    ...(error && { error }),
    ...(viewer.readOnlyToken && { readOnlyToken: true as const }),
  };
  if (!cached) return { ...base, awaitingMe: false };
  // The list is read on every poll, the detail less often: its status and job are the fresher facts (a played job).
  const detail: DeploymentDetail = { ...cached, status: item.status, deployable: item.deployable ?? cached.deployable };
  const protection = data.protections.find((p) => p.name === item.environment.name);
  const ctx = approverContext(data, protection, viewer);
  const eligibility = approvalEligibility(detail, ctx);
  const kind = classifyBlockedDeployment(detail, { pendingCountPerRule: ctx.pendingCountPerRule !== false });
  const waitingForMe = kind === 'waiting-for-approval' && eligibility.canApprove;
  const external = kind === 'waiting-for-approval' ? externalWait(detail, ctx) : undefined;
  return {
    ...base,
    detail,
    state: kind,
    ...(external && { externalWait: external }),
    progress: ruleProgress(detail, ruleLabels(detail.approval_summary?.rules ?? [], ctx, ctx.namespacePath)),
    eligibility,
    awaitingMe: waitingForMe && !eligibility.uncertain,
    mayAwaitMe: waitingForMe && eligibility.uncertain,
    ...outdatedOf(data, detail),
    deployAccess: deployAccess({
      licensed: projectApprovalsFeature(data.project).available,
      protectionsRead: data.protectionsRead,
      protection,
      ctx,
      knownGroups: new Set(viewer.memberships.keys()),
    }),
  };
}

/** Older than what is live while forward-deployment protection is on: GitLab would refuse to run its job. */
function outdatedOf(data: ProjectData, detail: DeploymentDetail): Pick<DeploymentView, 'outdated'> {
  const outdated = outdatedDeployment(detail, data.live?.get(detail.environment.id), data.project);
  return outdated ? { outdated } : {};
}

function approverContext(
  data: ProjectData,
  protection: ProtectedEnvironment | undefined,
  viewer: ViewerData,
): ApproverContext {
  const { project } = data;
  const direct: number[] = [];
  const inherited: number[] = [];
  for (const [groupId, membership] of viewer.memberships) {
    if (membership.direct) direct.push(groupId);
    if (membership.inherited) inherited.push(groupId);
  }
  return {
    currentUser: { id: viewer.user?.id ?? -1 },
    currentUserAccessLevel: data.accessLevel ?? projectAccessLevel(project),
    groupMemberships: { direct, inherited },
    allowSelfApproval: project.allow_pipeline_trigger_approve_deployment,
    isAdmin: viewer.user?.is_admin === true,
    ...(viewer.botAccounts && { botAccounts: viewer.botAccounts }),
    projectRuleIds: data.protectionsRead
      ? new Set((protection?.approval_rules ?? []).map((rule) => rule.id))
      : undefined,
    groupLevelRulesPossible: project.namespace?.kind !== 'user',
    namespacePath: project.namespace?.full_path,
    pendingCountPerRule: viewer.capabilities?.pendingCountPerRule ?? true,
    topGroupAccessLevel:
      project.namespace?.kind === 'group'
        ? viewer.topGroupAccessLevels?.get(project.namespace.full_path.split('/')[0])
        : undefined,
  };
}

/**
 * What a person must be told about how much of the account is watched: lists cut at their bound, projects not read
 * yet, a poll interval stretched to stay within GitLab's rate limit. One line each; GitLab's names are escaped by the
 * caller's presentation.
 */
export function coverageNotices(coverage: WatchCoverage | undefined, settingIntervalMs: number): string[] {
  if (!coverage) return [];
  const notices: string[] = [];
  if (coverage.projectListCut)
    notices.push(
      `Only the first ${count(coverage.projectListCut.limit)} projects are watched: GitLab lists more. Narrow them with the setting gitlabApprovals.projectFilter.`,
    );
  for (const cut of coverage.blockedCuts)
    notices.push(`${cut.project}: only the newest ${count(cut.limit)} blocked deployments are shown; GitLab has more.`);
  for (const entry of coverage.unresolved) notices.push(`${entry.entry} is not watched: ${entry.reason}`);
  const intervalMs = coverage.stretchedIntervalMs ?? settingIntervalMs;
  if (coverage.stretchedIntervalMs)
    notices.push(
      `${count(coverage.projects)} projects: checking every ${periodText(coverage.stretchedIntervalMs)} instead of every ${periodText(settingIntervalMs)} to stay within half of ${limitText(coverage.rateLimit)}. Narrow them with the setting gitlabApprovals.projectFilter.`,
    );
  if (coverage.notYetRead > 0)
    notices.push(
      `${count(coverage.notYetRead)} quiet projects not checked yet; each is checked within ${waitText(coverage.quietDelayMs)}.`,
    );
  const quietInTurn = (coverage.quiet ?? 0) > 0 && coverage.quietDelayMs > intervalMs;
  if (quietInTurn && coverage.notYetRead === 0)
    notices.push(
      `${count(coverage.quiet)} quiet projects (no activity for 30 days) are checked in turn, each within ${periodText(coverage.quietDelayMs)}.`,
    );
  // A large account's lag is the budget's doing: said in the view. (Every account's is in the status bar's tooltip.)
  if ((quietInTurn || coverage.stretchedIntervalMs) && coverage.approvalLagMs > intervalMs)
    notices.push(
      `Approvals by others may be up to ${periodText(coverage.approvalLagMs)} old: each waiting deployment is re-read ${coverage.detailRereadPolls === 1 ? 'on every poll' : `every ${coverage.detailRereadPolls} polls`} to stay within the rate limit. Refresh reads them all now.`,
    );
  return notices;
}

/** "GitLab's rate limit here: 600 requests a minute (its RateLimit-Limit header)", or GitLab.com's where none was said. */
function limitText(limit: WatchCoverage['rateLimit'] | undefined): string {
  const perMinute = count(limit?.perMinute ?? DEFAULT_POLL_RULES.rateLimitPerMinute);
  const source =
    limit?.learnedFrom === 'headers'
      ? 'its RateLimit-Limit header'
      : limit?.learnedFrom === '429'
        ? 'the RateLimit-Limit of its 429 answer'
        : "GitLab.com's; this instance has not said its own";
  return `GitLab's rate limit here: ${perMinute} requests a minute (${source})`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
