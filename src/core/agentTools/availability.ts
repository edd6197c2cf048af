// Whether the user may take an action through a tool, and if not, why — the tree's rule (availableActions.ts, the one
// home) decides; this only puts its "no" into words for the model and the person reading the chat.

import { availableDeploymentActions } from '../actions/availableActions';
import type { IneligibilityReason } from '../approvals/eligibility';
import { READ_ONLY_TOKEN_TEXT, runNote } from '../presentation/deployments';
import type { LocatedDeployment } from '../refresh/snapshot';

export type ToolAction = 'approve' | 'reject' | 'run';

/** The extension's words for each ineligibility reason (the tree's tooltips use the same table). */
export type IneligibilityText = Readonly<Record<IneligibilityReason, string>>;

/** Undefined when the user may take the action; otherwise one sentence saying why not. */
export function refusalReason(
  located: LocatedDeployment,
  action: ToolAction,
  explain: IneligibilityText,
): string | undefined {
  const { view, project } = located;
  if (availableDeploymentActions(view, project.accessLevel).includes(action)) return undefined;
  if (view.readOnlyToken) return READ_ONLY_TOKEN_TEXT;
  if (!view.state || !view.eligibility) {
    return view.error
      ? `Its approval state could not be read from GitLab (${view.error.kind}); nothing was changed.`
      : 'Its approval state is not loaded yet; list the deployments again in a moment.';
  }
  if (action !== 'run') {
    const reason = action === 'approve' ? view.eligibility.reason : view.eligibility.rejectReason;
    return reason ? explain[reason] : 'This deployment is not waiting for approvals.';
  }
  if (view.state === 'waiting-for-approval') {
    const pending = view.progress?.totalPending ?? 0;
    return `It still needs ${pending || 'more'} approval${pending === 1 ? '' : 's'} before its job can run.`;
  }
  if (view.state === 'rejected') return explain['deployment-rejected'];
  if (!view.deployment.deployable) return 'This deployment has no job to run.';
  return runNote(view, project.accessLevel) ?? 'This deployment cannot be run now.';
}
