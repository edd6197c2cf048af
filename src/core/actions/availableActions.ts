// Which actions a user can take on a blocked deployment or an environment: the one home for these permission rules,
// read by the tree's menus and by the commands' pickers alike.

import { canManageProtectedEnvironments } from '../capabilities';
import { approvalCompletes, myApprovalRules } from './approvalRules';
import { AccessLevel } from '../gitlab/types';
import type { DeploymentView, EnvironmentView, ProjectView } from '../refresh/snapshot';
import { waitsToBeRun } from '../approvals/classify';

export type DeploymentAction = 'approve' | 'approveAndRun' | 'reject' | 'run';

/**
 * Approve and reject follow the eligibility GitLab's approval service would apply (eligibility.ts). Running the job
 * needs a job and no refusal GitLab is known to give (403): the user known not to be a deployer, or below the role
 * that may play there (deployAccess.ts), the deployment older than the live one while forward-deployment protection
 * is on (forwardDeployment.ts), or GitLab's refusal when the user tried. Where only GitLab can tell (deploy access
 * `unknown`) Run is offered. It is only possible once nothing is pending.
 */
export function availableDeploymentActions(view: DeploymentView, accessLevel: number): DeploymentAction[] {
  // A read_api token cannot write: nothing is offered that GitLab would refuse with 403 insufficient_scope.
  if (view.readOnlyToken) return [];
  const canDeploy = view.deployment.deployable !== null && mayRun(view, accessLevel);
  const waiting = view.state === 'waiting-for-approval';
  const runnable = waitsToBeRun(view.state);
  const actions: DeploymentAction[] = [];
  if (waiting && view.eligibility?.canApprove) actions.push('approve');
  // Approve and Run only where the user's approvals are the last ones needed: otherwise the job could not run after.
  // Only rules the user surely matches count: GitLab may refuse an approval under one they only may match.
  const sure = myApprovalRules(view).filter((rule) => rule.certain);
  if (waiting && view.eligibility?.canApprove && canDeploy && approvalCompletes(view, sure))
    actions.push('approveAndRun');
  if (waiting && view.eligibility?.canReject) actions.push('reject');
  if (runnable && canDeploy) actions.push('run');
  return actions;
}

/** No refusal of the play is known; a view not yet read in detail (no access computed) goes by the role alone. */
function mayRun(view: DeploymentView, accessLevel: number): boolean {
  if (view.outdated || view.runRefusedByGitLab) return false;
  const access = view.deployAccess ?? (accessLevel >= AccessLevel.developer ? 'allowed' : 'denied');
  return access !== 'denied';
}

/**
 * The protected-environment API needs Maintainer and a licensed project; we change existing protections only. Protections are read on demand, so until they are, a Maintainer is offered the change and the command reads them.
 */
export function canChangeRequiredApprovals(project: ProjectView, environment: EnvironmentView): boolean {
  const mayBeProtected = environment.protection !== undefined || !project.protectionsRead;
  return (
    !project.readOnlyToken && mayBeProtected && canManageProtectedEnvironments(project.project, project.accessLevel)
  );
}

/**
 * What a deployment needs from the user, if anything: their approval, an approval GitLab may accept (`mayApprove`:
 * only rules they may match are left), or — approved and nothing pending — someone to run its job, when they may (the
 * "awaiting me" inbox, the status bar's "3 to approve · 2 may · 1 to run").
 */
export function neededFromMe(view: DeploymentView, accessLevel: number): 'approve' | 'mayApprove' | 'run' | undefined {
  if (view.awaitingMe) return 'approve';
  if (view.mayAwaitMe) return 'mayApprove';
  if (view.state === 'approved-not-run' && availableDeploymentActions(view, accessLevel).includes('run')) return 'run';
  return undefined;
}
