import { approveAndRun, decide, runDeploymentJob, type DecisionInput } from '../../core/actions/deploymentActions';
import { commentLength, MAX_APPROVAL_COMMENT_LENGTH } from '../../core/approvals/validation';
import { deploymentTitle, INELIGIBILITY_TEXT } from '../../core/presentation';
import type { DeploymentNode, TreeNode } from '../tree/nodes';
import { askModal, askText, pickOne, showInfo, showWarning } from '../presentation/ui';
import type { CommandContext } from './commandContext';
import { signalOf, withFeedback } from './feedback';
import { can, deploymentTargets } from './targets';

export async function approve(
  context: CommandContext,
  clicked: TreeNode | undefined,
  selected: TreeNode[] | undefined,
  andRun: boolean,
): Promise<void> {
  const targets = await deploymentTargets(context.engine, clicked, selected, {
    title: andRun ? 'Approve and run which deployment?' : 'Approve which deployments?',
    canPickMany: !andRun,
    include: (node) => can(node, andRun ? 'approveAndRun' : 'approve'),
  });
  const allowed = targets.filter((node) => explainIfNotAllowed(node, 'approve'));
  if (allowed.length === 0) return;

  const comment = await askComment(
    allowed.length === 1
      ? `Approve ${deploymentTitle(allowed[0].deployment)}`
      : `Approve ${allowed.length} deployments`,
    false,
  );
  if (comment === undefined) return;
  const choices = new Map<DeploymentNode, string | undefined>();
  for (const node of allowed) {
    const representedAs = await askRule(node);
    if (representedAs === null) return;
    choices.set(node, representedAs);
  }

  for (const node of allowed) await approveOne(context, node, { comment, representedAs: choices.get(node) }, andRun);
}

/** Approves one deployment (and runs it if `andRun` and nothing else is pending): the command and the page share it. */
export async function approveOne(
  context: CommandContext,
  node: DeploymentNode,
  input: DecisionInput,
  andRun: boolean,
): Promise<boolean> {
  const title = `${andRun ? 'Approving and running' : 'Approving'} ${deploymentTitle(node.deployment)}…`;
  const outcome = await withFeedback(context.log, title, async (token) => {
    const client = clientFor(context, node);
    const target = { projectId: node.project.project.id, deploymentId: node.deployment.id };
    return andRun
      ? approveAndRun(client, target, input, { signal: signalOf(token) })
      : { approval: await decide(client, target, 'approved', input, { signal: signalOf(token) }) };
  });
  await context.engine.refreshDeployment(node.view);
  if (!outcome) return false;
  const ran = 'job' in outcome && outcome.job ? ` and started job ${outcome.job.name}` : '';
  const note = 'notRunReason' in outcome && outcome.notRunReason ? ` ${outcome.notRunReason}` : '';
  context.log.info(`approved ${deploymentTitle(node.deployment)} in ${node.project.project.path_with_namespace}${ran}`);
  void showInfo(`Approved ${deploymentTitle(node.deployment)}${ran}.${note}`);
  return true;
}

export async function reject(context: CommandContext, clicked: TreeNode | undefined): Promise<void> {
  const [node] = await deploymentTargets(context.engine, clicked, undefined, {
    title: 'Reject which deployment?',
    canPickMany: false,
    include: (n) => can(n, 'reject'),
  });
  if (!node || !explainIfNotAllowed(node, 'reject')) return;
  const comment = await askComment(`Reject ${deploymentTitle(node.deployment)}`, true);
  if (comment === undefined) return;
  await rejectOne(context, node, comment);
}

/** Asks for confirmation (the job fails for good), then rejects: the command and the page share it. */
export async function rejectOne(context: CommandContext, node: DeploymentNode, comment?: string): Promise<boolean> {
  const confirmed = await askModal(
    `Reject deployment ${deploymentTitle(node.deployment)}?`,
    'Its job will fail for good: a rejected deployment job cannot be retried. A new pipeline is needed to deploy this change.',
    'Reject',
  );
  if (confirmed !== 'Reject') return false;
  const done = await withFeedback(context.log, `Rejecting ${deploymentTitle(node.deployment)}…`, (token) =>
    decide(
      clientFor(context, node),
      { projectId: node.project.project.id, deploymentId: node.deployment.id },
      'rejected',
      { comment },
      { signal: signalOf(token) },
    ),
  );
  await context.engine.refreshDeployment(node.view);
  if (done) {
    context.log.info(`rejected ${deploymentTitle(node.deployment)} in ${node.project.project.path_with_namespace}`);
    void showInfo(`Rejected ${deploymentTitle(node.deployment)}; its job has failed.`);
  }
  return done !== undefined;
}

export async function run(context: CommandContext, clicked: TreeNode | undefined): Promise<void> {
  const [node] = await deploymentTargets(context.engine, clicked, undefined, {
    title: 'Run which deployment job?',
    canPickMany: false,
    include: (n) => can(n, 'run'),
  });
  if (node) await runOne(context, node);
}

/** Asks for confirmation, then plays the deployment job: the command and the page share it. */
export async function runOne(context: CommandContext, node: DeploymentNode): Promise<boolean> {
  const job = node.deployment.deployable;
  const confirmed = await askModal(
    `Run the deployment job ${job?.name ?? ''} to ${node.environment.name}?`,
    [
      `This deploys ${node.deployment.ref} (${node.deployment.sha.slice(0, 8)}) of ${node.project.project.path_with_namespace}.`,
      node.view.deployAccess === 'unknown'
        ? `Your access to deploy to ${node.environment.name} cannot be checked from here: if you are not one of its deployers, GitLab fails the job.`
        : '',
    ]
      .join(' ')
      .trim(),
    'Run',
  );
  if (confirmed !== 'Run') return false;
  const started = await withFeedback(context.log, `Starting ${deploymentTitle(node.deployment)}…`, (token) =>
    runDeploymentJob(
      clientFor(context, node),
      { projectId: node.project.project.id, deploymentId: node.deployment.id },
      { signal: signalOf(token) },
    ),
  );
  await context.engine.refreshDeployment(node.view);
  if (started) void showInfo(`Started job ${started.name} for ${deploymentTitle(node.deployment)}.`);
  return started !== undefined;
}

/** Says why an action is not possible (for palette picks and stale rows); true when it is. */
function explainIfNotAllowed(node: DeploymentNode, action: 'approve' | 'reject'): boolean {
  const eligibility = node.view.eligibility;
  const reason = action === 'approve' ? eligibility?.reason : eligibility?.rejectReason;
  const allowed = action === 'approve' ? eligibility?.canApprove : eligibility?.canReject;
  if (allowed) return true;
  void showWarning(
    reason
      ? `You cannot ${action} ${deploymentTitle(node.deployment)}: ${INELIGIBILITY_TEXT[reason]}`
      : `The approval state of ${deploymentTitle(node.deployment)} is not loaded yet; refresh and try again.`,
  );
  return false;
}

/** The optional comment; undefined when the user cancels. GitLab allows 255 characters (docs/gitlab-behaviour.md#approving-and-rejecting). */
async function askComment(title: string, rejecting: boolean): Promise<string | undefined> {
  return askText({
    title,
    prompt: rejecting ? 'Why are you rejecting it? (optional; the job will fail for good)' : 'Comment (optional)',
    placeHolder: rejecting ? 'e.g. Blocked until the migration is reviewed' : 'e.g. Looks good',
    validateInput: (value) =>
      commentLength(value.trim()) > MAX_APPROVAL_COMMENT_LENGTH
        ? `GitLab accepts at most ${MAX_APPROVAL_COMMENT_LENGTH} characters (this is ${commentLength(value.trim())}).`
        : undefined,
  });
}

/** The rule to approve for, when the user matches several; null when cancelled, undefined when there is no choice. */
async function askRule(node: DeploymentNode): Promise<string | undefined | null> {
  const choices = node.view.eligibility?.representedAsChoices ?? [];
  if (choices.length === 0) return undefined;
  if (choices.length === 1) return choices[0]; // named, so GitLab cannot count it for another rule
  const chosen = await pickOne(
    choices.map((label) => ({ label, description: 'approval rule' })),
    {
      title: `Approve ${deploymentTitle(node.deployment)} as…`,
      placeHolder: 'You are included in several approval rules; pick the one this approval counts for',
    },
  );
  return chosen ? chosen.label : null;
}

function clientFor(context: CommandContext, node: DeploymentNode) {
  const client = context.instances.client(node.view.instanceUrl);
  if (!client) throw new Error(`not signed in to ${node.view.instanceUrl}`);
  return client;
}
