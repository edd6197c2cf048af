// How a blocked deployment and an environment are described to a person: one set of labels, facts, icons and titles
// for tree rows, tooltips, quick picks, messages, agent tools and the deployment page. The values returned are plain
// text from GitLab; each place that shows them passes them through its escaper (untrustedText.ts, ui.ts).

import type { BlockedDeploymentState } from '../approvals/classify';
import type { IneligibilityReason } from '../approvals/eligibility';
import type { DeploymentListItem } from '../gitlab/types';
import type { DeploymentView } from '../refresh/snapshot';

/** What a deployment's state looks like (the codicon is the extension's own). */
export const STATE_PRESENTATION: Record<BlockedDeploymentState, { label: string; icon: string }> = {
  'waiting-for-approval': { label: 'waiting for approval', icon: 'watch' },
  'approved-not-run': { label: 'approved, not run yet', icon: 'pass' },
  manual: { label: 'manual job, no approval needed', icon: 'play-circle' },
  rejected: { label: 'rejected', icon: 'error' },
  queued: { label: 'queued, waiting for a runner', icon: 'clock' },
};

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
    'You may be able to approve: a role rule here may come from a group-level protected environment, where GitLab checks your role in that group, which the extension cannot see. Open it in GitLab to try.',
  'already-approved': 'You have already approved this deployment under every rule that includes you.',
};

/** "#12 main → production": how messages, picks and progress titles name a deployment. */
export function deploymentTitle(deployment: Pick<DeploymentListItem, 'iid' | 'ref' | 'environment'>): string {
  return `#${deployment.iid} ${deployment.ref} → ${deployment.environment.name}`;
}

/** State (or "awaiting you"), k/n approvals and author: what the tree row and the quick picks say of a deployment. */
export function deploymentFacts(view: DeploymentView): string[] {
  const state = view.state ? STATE_PRESENTATION[view.state].label : view.error ? 'details unavailable' : 'loading…';
  const job = view.deployment.deployable;
  return [
    view.awaitingMe ? 'awaiting you' : view.eligibility?.reason === 'may-match-group-rule' ? 'may await you' : state,
    view.state === 'queued' && job ? `job ${job.status}` : '',
    approvalsFact(view),
    authorFact(view.deployment),
  ].filter(Boolean);
}

/** "2/3 approvals", or empty when no approval is required. */
export function approvalsFact(view: Pick<DeploymentView, 'progress'>): string {
  const progress = view.progress;
  return progress && progress.totalRequired > 0 ? `${progress.totalApproved}/${progress.totalRequired} approvals` : '';
}

function authorFact(deployment: DeploymentListItem): string {
  return deployment.user ? `by ${deployment.user.username}` : '';
}

export function deploymentIcon(view: DeploymentView): string {
  if (view.awaitingMe) return 'bell-dot';
  return view.state ? STATE_PRESENTATION[view.state].icon : view.error ? 'warning' : 'loading~spin';
}
