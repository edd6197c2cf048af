// Approve, Approve and Run, Reject and Run: each asks what it needs, then goes straight to the core action and the
// client (see docs/architecture.md, "The approve path"). One action per deployment at a time; the deployment is
// re-read afterwards whatever happened; GitLab's own refusal is what the person is told.
import {
  approveAndRun,
  decide,
  runDeploymentJob,
  type ApproveAndRunResult,
  type DecisionInput,
} from '../../core/actions/deploymentActions';
import { commentLength, MAX_APPROVAL_COMMENT_LENGTH } from '../../core/approvals/validation';
import type { CallOptions } from '../../core/gitlab/client';
import { deploymentTitle, INELIGIBILITY_TEXT } from '../../core/presentation';
import { deploymentKey } from '../../core/refresh/snapshot';
import { askModal, askText, pickOne, showInfo, showWarning, withNotificationProgress } from '../presentation/ui';
import type { DeploymentNode, TreeNode } from '../tree/nodes';
import type { CommandContext } from './commandContext';
import { reportFailure, signalOf } from './feedback';
import type { CommandTable } from './registerCommands';
import { can, deploymentTargets } from './targets';

export function deploymentCommands(
  context: CommandContext,
): Pick<CommandTable, 'approve' | 'approveAndRun' | 'reject' | 'runJob'> {
  return {
    approve: (clicked?: TreeNode, selected?: TreeNode[]) => approve(context, clicked, selected, false),
    approveAndRun: (clicked?: TreeNode, selected?: TreeNode[]) => approve(context, clicked, selected, true),
    reject: (clicked?: TreeNode) => reject(context, clicked),
    runJob: (clicked?: TreeNode) => run(context, clicked),
  };
}

async function approve(
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
  const target = { projectId: node.project.project.id, deploymentId: node.deployment.id };
  const outcome = await act(context, node, title, (client, options) =>
    andRun
      ? approveAndRun(client, target, node.view, input, options)
      : decide(client, target, 'approved', input, options).then((approval): ApproveAndRunResult => ({ approval })),
  );
  if (!outcome) return false;
  const ran = outcome.job ? ` and started job ${outcome.job.name}` : '';
  const note = outcome.notRunReason ? ` ${outcome.notRunReason}` : '';
  context.log.info(`approved ${deploymentTitle(node.deployment)} in ${node.project.project.path_with_namespace}${ran}`);
  void showInfo(`Approved ${deploymentTitle(node.deployment)}${ran}.${note}`);
  return true;
}

async function reject(context: CommandContext, clicked: TreeNode | undefined): Promise<void> {
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
  const target = { projectId: node.project.project.id, deploymentId: node.deployment.id };
  const done = await act(context, node, `Rejecting ${deploymentTitle(node.deployment)}…`, (client, options) =>
    decide(client, target, 'rejected', { comment }, options),
  );
  if (done) {
    context.log.info(`rejected ${deploymentTitle(node.deployment)} in ${node.project.project.path_with_namespace}`);
    void showInfo(`Rejected ${deploymentTitle(node.deployment)}; its job has failed.`);
  }
  return done !== undefined;
}

async function run(context: CommandContext, clicked: TreeNode | undefined): Promise<void> {
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
  if (!job) return false;
  const confirmed = await askModal(
    `Run the deployment job ${job.name} to ${node.environment.name}?`,
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
  const target = { projectId: node.project.project.id, jobId: job.id };
  const started = await act(context, node, `Starting ${deploymentTitle(node.deployment)}…`, (client, options) =>
    runDeploymentJob(client, target, options),
  );
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

type Client = NonNullable<ReturnType<CommandContext['instances']['client']>>;

/**
 * Sends one action on one deployment: refused while another action on it is under way, with a progress notification
 * while it runs, and that deployment re-read afterwards whatever happened. A failure is said in one sentence — GitLab's
 * own words when it refused, "may have gone through" when the answer to the write was lost — and detailed in the log.
 */
async function act<T>(
  context: CommandContext,
  node: DeploymentNode,
  title: string,
  send: (client: Client, options: CallOptions) => Promise<T>,
): Promise<T | undefined> {
  const release = context.inFlight.claim(deploymentKey(node.view));
  if (!release) {
    void showInfo(`An action on ${deploymentTitle(node.deployment)} is already under way; wait for it to finish.`);
    return undefined;
  }
  try {
    const client = context.instances.client(node.view.instanceUrl);
    if (!client) throw new Error(`not signed in to ${node.view.instanceUrl}`);
    return await withNotificationProgress(title, (token) => send(client, { signal: signalOf(token) }));
  } catch (error) {
    reportFailure(context.log, title, error);
    return undefined;
  } finally {
    await context.engine.refreshDeployment(node.view);
    release();
  }
}
