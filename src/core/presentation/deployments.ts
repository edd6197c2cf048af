// How a blocked deployment and an environment are described to a person: one set of labels, facts, icons and titles
// for tree rows, tooltips, quick picks, messages, agent tools and the deployment page. The values returned are plain
// text from GitLab; each place that shows them passes them through its escaper (untrustedText.ts, ui.ts). Numbers
// from GitLab (iids, counts) are written here only through numberText.

import { waitsToBeRun, type BlockedDeploymentState } from '../approvals/classify';
import type { IneligibilityReason } from '../approvals/eligibility';
import { accountNames } from '../approvals/externalGates';
import { AccessLevel, type DeploymentListItem, type ProjectSummary } from '../gitlab/types';
import type { DeploymentView } from '../refresh/snapshot';
import { timeAgo } from './timeAgo';
import { numberText } from './untrustedText';

/**
 * What a deployment's state looks like (the codicon is the extension's own); `short` leads a tree row, which must be
 * readable in a 300 px sidebar.
 */
export const STATE_PRESENTATION: Record<BlockedDeploymentState, { label: string; short: string; icon: string }> = {
  'waiting-for-approval': { label: 'waiting for approval', short: 'awaiting approval', icon: 'watch' },
  'approved-not-run': { label: 'approved, not run yet', short: 'approved, not run', icon: 'pass' },
  manual: { label: 'manual job, no approval needed', short: 'manual job', icon: 'play-circle' },
  rejected: { label: 'rejected', short: 'rejected', icon: 'error' },
  queued: { label: 'queued, waiting for a runner', short: 'queued', icon: 'clock' },
};

/**
 * What this deployment waits for, as `STATE_PRESENTATION` says it, or that it waits only for a service account's
 * approval (GitLab's usernames in it: escape where shown).
 */
export function deploymentState(view: DeploymentView): { label: string; short: string; icon: string } | undefined {
  if (view.externalWait)
    return {
      label: `waiting for an external approval (service account or bot ${accountNames(view.externalWait.accounts)})`,
      short: 'awaiting external approval',
      icon: 'plug',
    };
  return view.state ? STATE_PRESENTATION[view.state] : undefined;
}

/** The longest ref a row shows whole; longer ones keep both ends (`feature/JIRA-47…-timeouts`). */
const ROW_REF_LENGTH = 24;

/** Why the user cannot approve or reject, in words; tooltips, commands and agent tools say the same. */
export const INELIGIBILITY_TEXT: Record<IneligibilityReason, string> = {
  'no-approval-rules': 'This deployment needs no approval; it is a manual job.',
  'not-protected': 'GitLab does not enforce approvals here (the project is not on Premium or Ultimate).',
  'own-deployment': 'You triggered this deployment, and the project does not allow approving your own deployments.',
  'not-waiting': 'This deployment is not waiting for approvals any more.',
  'deployment-rejected': 'Someone rejected this deployment; its job failed for good.',
  'already-rejected': 'You rejected this deployment.',
  'no-matching-rule': 'None of the approval rules includes you.',
  'may-match-group-rule':
    'You may be able to approve: a role rule here may come from a group-level protected environment, where GitLab checks your role in that group, which the extension cannot see. GitLab decides when you approve.',
  'already-approved': 'You have already approved this deployment under every rule that includes you.',
  'refused-by-gitlab':
    'GitLab refused your approval of this deployment when you tried, so it is no longer offered here.',
  'external-approval':
    'This deployment waits only for an external approval: the approval rules still open have a service account or bot as their only member, which another system (such as Jira Service Management) approves.',
};

/** Why nothing is offered to do with a read_api token (tokenScopes.ts): tooltips, the page and the agent tools. */
export const READ_ONLY_TOKEN_TEXT =
  'Your token for this instance has the read_api scope: it can watch deployments but not approve, reject or run them. Sign in again with a token that has the api scope to act here, or act in GitLab.';

/** Why GitLab did not count an approval it answered 201 to (core/actions/approvalCheck.ts), in words. */
export const NOT_COUNTED_TEXT = {
  'one-per-person':
    'this GitLab version records one approval per person on a deployment, and yours was already recorded.',
  'already-approved': 'your approval under this rule was already recorded.',
} as const satisfies Record<string, string>;

/**
 * What a person must know about running this deployment's job (core/actions/availableActions.ts decides): why GitLab
 * would refuse it, so Run is not offered, or that only GitLab can tell, so Run is offered and GitLab decides. Tooltips,
 * the deployment page and the agent tools say the same. Plain text with GitLab's environment name in it.
 */
export function runNote(view: DeploymentView, accessLevel: number): string | undefined {
  const toRun = waitsToBeRun(view.state);
  if (!view.deployment.deployable || !(toRun || view.state === 'waiting-for-approval')) return undefined;
  const environment = view.deployment.environment.name;
  if (view.runRefusedByGitLab)
    return `GitLab refused to run this job for you when you tried (403 Forbidden: not one of the deployers of ${environment}, or older than what is live), so Run is no longer offered here.`;
  if (view.outdated) {
    const older = `Older than the live deployment (#${numberText(view.outdated.live.iid)}); GitLab's forward-deployment protection refuses to run it.`;
    return view.outdated.protection === 'assumed-on'
      ? `${older} The project's setting is shown to Maintainers only: assumed on, GitLab's default.`
      : older;
  }
  if (view.deployAccess === 'denied')
    return accessLevel >= AccessLevel.developer
      ? `You are not one of the deployers of ${environment}, so only they can run this job.`
      : `Running this job needs the Developer role, or being one of the deployers of ${environment}.`;
  if (view.deployAccess === 'unknown' && toRun)
    return `Whether you may deploy to ${environment} cannot be read here: GitLab decides when you run it.`;
  return undefined;
}

/**
 * "#12 main → production (acme/platform/api-gateway)": how messages, picks and progress titles name a deployment —
 * with its project, since the inbox spans many.
 */
export function deploymentTitle(
  deployment: Pick<DeploymentListItem, 'iid' | 'ref' | 'environment'>,
  project?: Pick<ProjectSummary, 'path_with_namespace'>,
): string {
  const where = project ? ` (${project.path_with_namespace})` : '';
  return `#${numberText(deployment.iid)} ${deployment.ref} → ${deployment.environment.name}${where}`;
}

/** State (or "awaiting you"), k/n approvals and author: what the quick picks say of a deployment. */
export function deploymentFacts(view: DeploymentView): string[] {
  return [...stateFacts(view, 'label'), approvalsFact(view), authorFact(view.deployment)].filter(Boolean);
}

/** A tree row's label: what the deployment waits for and its k/n approvals ("awaiting you · 0/2"). */
export function deploymentRowLabel(view: DeploymentView): string {
  const progress = view.progress;
  return [
    ...stateFacts(view, 'short'),
    progress && progress.totalRequired > 0
      ? `${numberText(progress.totalApproved)}/${numberText(progress.totalRequired)}`
      : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A tree row's description: ref and short commit, then what a wide sidebar has room for (the tooltip has it all). */
export function deploymentRowDescription(
  deployment: Pick<DeploymentListItem, 'iid' | 'ref' | 'sha' | 'user' | 'created_at'>,
  now = Date.now(),
): string {
  return [
    `${shortenMiddle(deployment.ref, ROW_REF_LENGTH)} ${deployment.sha.slice(0, 8)}`,
    `#${numberText(deployment.iid)}`,
    authorFact(deployment),
    timeAgo(deployment.created_at, now),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Cuts a long text in the middle, so both its start and its end (often what tells two refs apart) stay readable. */
export function shortenMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = Math.floor((max - 1) / 2);
  return `${text.slice(0, max - 1 - tail)}…${text.slice(text.length - tail)}`;
}

/** "2/3 approvals", or empty when no approval is required. */
export function approvalsFact(view: Pick<DeploymentView, 'progress'>): string {
  const progress = view.progress;
  return progress && progress.totalRequired > 0
    ? `${numberText(progress.totalApproved)}/${numberText(progress.totalRequired)} approvals`
    : '';
}

/** "awaiting you" (or the state), and a queued job's status. */
function stateFacts(view: DeploymentView, length: 'label' | 'short'): string[] {
  const state = deploymentState(view)?.[length] ?? (view.error ? 'details unavailable' : 'loading…');
  const job = view.deployment.deployable;
  return [
    view.awaitingMe ? 'awaiting you' : view.eligibility?.reason === 'may-match-group-rule' ? 'may await you' : state,
    view.state === 'queued' && job ? `job ${job.status}` : '',
  ];
}

function authorFact(deployment: Pick<DeploymentListItem, 'user'>): string {
  return deployment.user ? `by ${deployment.user.username}` : '';
}

export function deploymentIcon(view: DeploymentView): string {
  if (view.awaitingMe) return 'bell-dot';
  return deploymentState(view)?.icon ?? (view.error ? 'warning' : 'loading~spin');
}
