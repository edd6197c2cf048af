// Approve, Approve and Run, Reject and Run: each asks what it needs, then hands the deployment to the action runner
// (core/actions/runner.ts: claim, send, re-read, compare, release; see docs/architecture.md, "The approve path") and
// says its outcome: GitLab's own refusal, "may have gone through", or an approval GitLab did not count.
import * as vscode from 'vscode';
import { myApprovalRules, type MyRule } from '../../core/actions/approvalRules';
import type { ApproveUnderRulesResult } from '../../core/actions/approveUnderRules';
import type { DecisionInput } from '../../core/actions/deploymentActions';
import { actOnDeployment, type DeploymentOutcome, type DeploymentWrite, type During } from '../../core/actions/runner';
import { isGitLabError } from '../../core/errors';
import type { JobSummary } from '../../core/gitlab/types';
import { commentLength, MAX_APPROVAL_COMMENT_LENGTH } from '../../core/approvals/validation';
import {
  deploymentRowLabel,
  deploymentTitle,
  INELIGIBILITY_TEXT,
  linkOnInstance,
  NOT_COUNTED_TEXT,
} from '../../core/presentation';
import { deploymentKey, type LocatedDeployment } from '../../core/refresh/snapshot';
import {
  askModal,
  askText,
  pickOne,
  showInfo,
  showWarning,
  withNotificationProgress,
  type InputOptions,
} from '../presentation/ui';
import { deploymentNode, type DeploymentNode, type TreeNode } from '../tree/nodes';
import { COMMANDS } from './commandIds';
import type { CommandContext } from './commandContext';
import { confirmRun } from './confirmRun';
import { failureText, reportFailure, signalOf } from './feedback';
import { GatheredOutcomes, sayNow, type OutcomeAction, type Outcomes } from './outcomes';
import type { CommandTable } from './registerCommands';
import { can, deploymentTargets } from './targets';
import { currentBriefs } from '../deploymentPage/briefs';
import { fourEyesNote, independentApprovalRefusal, knownFourEyesNote, people } from '../fourEyes';

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
    title: andRun ? vscode.l10n.t('Approve and run which deployment?') : vscode.l10n.t('Approve which deployments?'),
    canPickMany: !andRun,
    include: (node) => can(node, andRun ? 'approveAndRun' : 'approve'),
  });
  const allowed = targets.filter((node) => explainIfNotAllowed(node, 'approve'));
  if (allowed.length === 0) return;

  // The rule first, with each rule's progress: it is what the comment is about.
  const rulesOf = new Map<DeploymentNode, MyRule[]>();
  for (const node of allowed) {
    const rules = await askRules(node);
    if (!rules) return;
    rulesOf.set(node, rules);
  }
  const comment = await askComment(
    andRun
      ? vscode.l10n.t('Approve and run {0}', titleOf(allowed[0]))
      : allowed.length === 1
        ? vscode.l10n.t('Approve {0}', titleOf(allowed[0]))
        : vscode.l10n.t('Approve {0} deployments', allowed.length),
    false,
    keptComments.get(deploymentKey(allowed[0].view)),
    allowed.length === 1 ? fourEyesNoteOf(context, allowed[0]) : undefined,
  );
  if (comment === undefined) return;
  if (allowed.length === 1) {
    await approveUnder(context, allowed[0], rulesOf.get(allowed[0]) ?? [], comment, andRun, sayNow);
    return;
  }
  const outcomes = new GatheredOutcomes();
  let approved = 0;
  for (const node of allowed)
    if (await approveUnder(context, node, rulesOf.get(node) ?? [], comment, andRun, outcomes)) approved++;
  outcomes.show(vscode.l10n.t('Approved {0} of {1} deployments.', approved, allowed.length));
}

/** Approves one deployment under one rule (or none named): what the deployment page sends. */
export async function approveOne(
  context: CommandContext,
  node: DeploymentNode,
  input: DecisionInput,
  andRun: boolean,
): Promise<boolean> {
  const rule = myApprovalRules(node.view).find((r) => r.name === input.representedAs) ?? {
    name: input.representedAs,
    label: input.representedAs ?? vscode.l10n.t('your approval'),
    certain: node.view.eligibility?.uncertain !== true,
  };
  return approveUnder(context, node, [rule], input.comment, andRun, sayNow);
}

/**
 * Approves one deployment under the given rules (one request each), and for Approve and Run starts its job when
 * those were the last approvals needed. One sentence says the outcome; after the last approval it offers Run Now to
 * someone who may run the job. A refusal because the deployment changed meanwhile is said as such, and the comment
 * is kept for the next try.
 */
async function approveUnder(
  context: CommandContext,
  node: DeploymentNode,
  rules: MyRule[],
  comment: string | undefined,
  andRun: boolean,
  tell: Outcomes,
): Promise<boolean> {
  const title = andRun
    ? vscode.l10n.t('Approving and running {0}…', titleOf(node))
    : vscode.l10n.t('Approving {0}…', titleOf(node));
  const sent = await sendApproval(context, node, rules, comment, andRun, title);
  if (!sent || sent.kind === 'busy') return false;
  if (sent.kind === 'not-counted') {
    const notCounted = vscode.l10n.t('GitLab did not count a new approval: {0}', NOT_COUNTED_TEXT[sent.reason]);
    const job = sent.value.job;
    // Approve and Run may still have started the job (nothing was pending): that is said too.
    if (job)
      tell.say(
        'info',
        `${notCounted} ${vscode.l10n.t('Its job {0} was started ({1}).', job.name, job.status)}`,
        ...openJob(job, node),
      );
    else tell.say('warning', notCounted);
    return false;
  }
  if (sent.kind === 'refused' && rules[0] && refusedUncertain(context, node, rules[0], sent.error, tell)) return false;
  if (sent.kind !== 'done') {
    if (!explainChangedMeanwhile(context, node, sent, comment, tell)) tell.fail(context.log, title, sent.error);
    return false;
  }
  const outcome = sent.value;
  const named = outcome.approved.some((rule) => rule.name !== undefined);
  const fresh = sent.after && deploymentNode(sent.after);
  if (outcome.failure !== undefined && refusedUncertain(context, node, outcome.notApproved[0], outcome.failure, tell))
    return true;
  if (outcome.failure !== undefined) {
    const why = failureText(outcome.failure);
    tell.say(
      'warning',
      vscode.l10n.t(
        'Partly approved — not as {0}: {1} Approved {2} as {3}.',
        listText(outcome.notApproved.map((r) => r.label)),
        why,
        titleOf(node),
        listText(outcome.approved.map((r) => r.label)),
      ),
    );
    return true;
  }
  // Outcome first: a toast is cut at its end, and the deployment's title is long.
  if (outcome.job) {
    tell.say(
      'info',
      vscode.l10n.t('Approved and started job {0} ({1}) — {2}.', outcome.job.name, outcome.job.status, titleOf(node)),
      ...openJob(outcome.job, node),
    );
    return true;
  }
  const as = named ? vscode.l10n.t(' as {0}', listText(outcome.approved.map((r) => r.label))) : '';
  const progress = fresh?.view.progress;
  const pending = progress?.totalPending ?? 0;
  if (fresh && fresh.view.state === 'waiting-for-approval' && progress) {
    const notRun = andRun ? vscode.l10n.t(' The job was not started.') : '';
    tell.say(
      'info',
      vscode.l10n.t(
        '{0} more needed — approved {1}{2}, {3} of {4} approvals.{5}',
        pending,
        titleOf(node),
        as,
        progress.totalApproved,
        progress.totalRequired,
        notRun,
      ),
    );
    return true;
  }
  if (!fresh || fresh.view.state !== 'approved-not-run') {
    // GitLab takes an approval while approvals are pending, even when the job already ran: say what it changed.
    tell.say(
      'info',
      vscode.l10n.t(
        'No longer waiting — GitLab recorded your approval of {0}{1}, but its job has already started or ended.',
        titleOf(node),
        as,
      ),
    );
    return true;
  }
  const notRunReason = outcome.notRunReason ? vscode.l10n.t(' The job was not started: {0}', outcome.notRunReason) : '';
  const message = vscode.l10n.t(
    'Fully approved — {0}{1} has every approval it needs.{2}',
    titleOf(node),
    as,
    notRunReason,
  );
  const runNow = { title: vscode.l10n.t('Run Now'), run: () => runOne(context, fresh) };
  tell.say('info', message, ...(can(fresh, 'run') ? [runNow] : []));
  return true;
}

async function reject(context: CommandContext, clicked: TreeNode | undefined): Promise<void> {
  const [node] = await deploymentTargets(context.engine, clicked, undefined, {
    title: vscode.l10n.t('Reject which deployment?'),
    canPickMany: false,
    include: (n) => can(n, 'reject'),
  });
  if (!node || !explainIfNotAllowed(node, 'reject')) return;
  const comment = await askComment(vscode.l10n.t('Reject {0}', titleOf(node)), true);
  if (comment === undefined) return;
  await rejectOne(context, node, comment);
}

/** Asks for confirmation (the job fails for good), then rejects: the command and the page share it. */
export async function rejectOne(context: CommandContext, node: DeploymentNode, comment?: string): Promise<boolean> {
  const rejectAction = vscode.l10n.t('Reject');
  const confirmed = await askModal(
    vscode.l10n.t('Reject deployment {0}?', titleOf(node)),
    vscode.l10n.t(
      'Its job will fail for good: a rejected deployment job cannot be retried. A new pipeline is needed to deploy this change.',
    ),
    rejectAction,
    vscode.l10n.t("Don't Reject"),
  );
  if (confirmed !== rejectAction) return false;
  const title = vscode.l10n.t('Rejecting {0}…', titleOf(node));
  const sent = await act(context, node, title, { kind: 'reject', comment });
  if (sent.kind !== 'done') {
    if (sent.kind !== 'busy' && !explainChangedMeanwhile(context, node, sent, comment))
      reportFailure(context.log, title, sent.kind === 'not-counted' ? undefined : sent.error);
    return false;
  }
  context.log.info(`rejected ${deploymentTitle(node.deployment, node.project.project)}`);
  void showInfo(vscode.l10n.t('Rejected {0}; its job has failed.', titleOf(node)));
  return true;
}

async function run(context: CommandContext, clicked: TreeNode | undefined): Promise<void> {
  const [node] = await deploymentTargets(context.engine, clicked, undefined, {
    title: vscode.l10n.t('Run which deployment job?'),
    canPickMany: false,
    include: (n) => can(n, 'run'),
  });
  if (node) await runOne(context, node);
}

/**
 * Asks the run question (confirmRun), then plays the deployment job; the result offers Open Job. The command, Run Now
 * and the page share it.
 */
export async function runOne(context: CommandContext, node: DeploymentNode): Promise<boolean> {
  if (!(await confirmRun(context, node, 'run'))) return false;
  const title = vscode.l10n.t('Starting {0}…', titleOf(node));
  const sent = await act(context, node, title, { kind: 'run' });
  if (sent.kind !== 'done') {
    if (sent.kind !== 'busy' && !explainChangedMeanwhile(context, node, sent, undefined))
      reportFailure(context.log, title, sent.kind === 'not-counted' ? undefined : sent.error);
    return false;
  }
  sayNow.say(
    'info',
    vscode.l10n.t('Started job {0} ({1}) — {2}.', sent.value.name, sent.value.status, titleOf(node)),
    ...openJob(sent.value, node),
  );
  return true;
}

/**
 * Sends the approvals of one deployment (one per rule) through the runner and, for Approve and Run, starts the job when
 * they were the last ones needed — after the run question (confirmRun); undefined when the person cancelled it. A
 * comment that did not go through, or that GitLab did not count, is kept for the next try. Says nothing but "already
 * under way": callers do.
 */
export async function sendApproval(
  context: CommandContext,
  node: DeploymentNode,
  rules: MyRule[],
  comment: string | undefined,
  andRun: boolean,
  title: string,
): Promise<DeploymentOutcome<ApproveUnderRulesResult> | undefined> {
  // The person's own four-eyes rule (gitlabApprovals.independentApproval) before anything else is asked or sent.
  const briefs = currentBriefs();
  const client = context.instances.client(node.view.instanceUrl);
  const refusal = briefs && (await independentApprovalRefusal(node, client, briefs, people));
  if (refusal) {
    context.log.info(`${deploymentTitle(node.deployment, node.project.project)}: not approved: independentApproval`);
    void showWarning(vscode.l10n.t('Not approved — {0}: {1}', titleOf(node), refusal));
    return undefined;
  }
  if (andRun && !(await confirmRun(context, node, 'approve-and-run'))) return undefined;
  const sent = await act(context, node, title, { kind: 'approve', rules, comment, andRun });
  const key = deploymentKey(node.view);
  if (sent.kind !== 'done' && sent.kind !== 'busy' && comment) keptComments.set(key, comment);
  if (sent.kind === 'not-counted')
    context.log.info(`${deploymentTitle(node.deployment, node.project.project)}: GitLab did not count the approval`);
  if (sent.kind === 'done') {
    keptComments.delete(key);
    const as = sent.value.approved.some((rule) => rule.name !== undefined)
      ? ` as ${sent.value.approved.map((r) => r.label).join(', ')}`
      : '';
    const job = sent.value.job ? `; started job ${sent.value.job.id}` : '';
    context.log.info(`approved ${deploymentTitle(node.deployment, node.project.project)}${as}${job}`);
  }
  return sent;
}

/**
 * GitLab refused an approval under a rule the user only may match (issue 18): said in one sentence with GitLab's
 * reason, and remembered for the deployment, so that rule is no longer offered nor counted. False otherwise.
 */
function refusedUncertain(
  context: CommandContext,
  node: DeploymentNode,
  rule: MyRule,
  error: unknown,
  tell: Outcomes,
): boolean {
  // Only GitLab's own refusals (4xx), never a failure to answer (5xx).
  const refusal =
    isGitLabError(error) && (error.kind === 'forbidden' || (error.kind === 'rejected' && error.status < 500));
  if (rule.certain || !refusal) return false;
  context.log.info(`${deploymentTitle(node.deployment, node.project.project)}: GitLab refused: ${error.detail}`);
  context.engine.rememberApprovalRefusal(node.view, rule.ruleId === undefined ? [] : [rule.ruleId], error.userMessage);
  tell.say(
    'warning',
    vscode.l10n.t(
      'GitLab did not accept your approval of {0} as {1}: {2}',
      titleOf(node),
      rule.label,
      error.userMessage,
    ),
  );
  return true;
}

/** Says why an action is not possible (for palette picks and stale rows); true when it is. */
function explainIfNotAllowed(node: DeploymentNode, action: 'approve' | 'reject'): boolean {
  const eligibility = node.view.eligibility;
  const reason = action === 'approve' ? eligibility?.reason : eligibility?.rejectReason;
  const allowed = action === 'approve' ? eligibility?.canApprove : eligibility?.canReject;
  if (allowed) return true;
  void showWarning(
    reason
      ? action === 'approve'
        ? vscode.l10n.t('You cannot approve {0}: {1}', titleOf(node), INELIGIBILITY_TEXT[reason])
        : vscode.l10n.t('You cannot reject {0}: {1}', titleOf(node), INELIGIBILITY_TEXT[reason])
      : vscode.l10n.t('The approval state of {0} is not loaded yet; refresh and try again.', titleOf(node)),
  );
  return false;
}

/**
 * What of this deployment is the person's own work, said with the comment box: at once where the brief and the person
 * are already read, else under the box once they are (read while it is open).
 */
function fourEyesNoteOf(context: CommandContext, node: DeploymentNode): CommentNote | undefined {
  const briefs = currentBriefs();
  const client = context.instances.client(node.view.instanceUrl);
  if (!briefs || !client) return undefined;
  const later = fourEyesNote(node, client, briefs, people).catch((error: unknown) => {
    context.log.info(`${titleOf(node)}: the four-eyes check could not be made: ${String(error)}`);
    return undefined;
  });
  return { now: knownFourEyesNote(node, briefs, people), later };
}

type CommentNote = NonNullable<InputOptions['note']>;

/**
 * The optional comment, pre-filled with one kept from a try that did not go through; undefined when the user cancels.
 * GitLab allows 255 characters (docs/gitlab-behaviour.md#approving-and-rejecting).
 */
export async function askComment(
  title: string,
  rejecting: boolean,
  kept?: string,
  note?: CommentNote,
): Promise<string | undefined> {
  return askText({
    note,
    title,
    prompt: rejecting
      ? vscode.l10n.t('Why are you rejecting it? (optional; the job will fail for good)')
      : vscode.l10n.t('Comment (optional)'),
    placeHolder: rejecting
      ? vscode.l10n.t('e.g. Blocked until the migration is reviewed')
      : vscode.l10n.t('e.g. Looks good'),
    value: kept,
    validateInput: (value) =>
      commentLength(value.trim()) > MAX_APPROVAL_COMMENT_LENGTH
        ? vscode.l10n.t(
            'GitLab accepts at most {0} characters (this is {1}).',
            MAX_APPROVAL_COMMENT_LENGTH,
            commentLength(value.trim()),
          )
        : undefined,
  });
}

/**
 * The rules to approve under, asked before the comment: with several, each with its progress, and first — where
 * GitLab counts one approval per user and rule — all of them at once. Undefined when cancelled.
 */
export async function askRules(node: DeploymentNode): Promise<MyRule[] | undefined> {
  const mine = myApprovalRules(node.view);
  if (mine.length <= 1) return mine;
  const several = node.instance.capabilities?.approveForSeveralRules.available !== false;
  const items = [
    ...(several
      ? [
          {
            icon: 'check-all',
            label: vscode.l10n.t('All my rules'),
            description: listText(mine.map((rule) => rule.label)),
            detail: vscode.l10n.t('One approval under each rule that includes you'),
            rules: mine,
          },
        ]
      : []),
    ...mine.map((rule) => ({
      icon: rule.certain ? 'check' : 'question',
      label: rule.label,
      description: [
        rule.progress
          ? vscode.l10n.t(
              '{0}/{1} approved, {2} more needed',
              rule.progress.approved,
              rule.progress.required,
              rule.progress.pending,
            )
          : vscode.l10n.t('approval rule'),
        // A rule the user only may match: GitLab checks a role the extension cannot see (issue 18).
        rule.certain ? '' : vscode.l10n.t('may include you: GitLab decides'),
      ]
        .filter(Boolean)
        .join(' · '),
      rules: [rule],
    })),
  ];
  const chosen = await pickOne(items, {
    title: vscode.l10n.t('Approve {0} as…', titleOf(node)),
    placeHolder: vscode.l10n.t('You are included in several approval rules; pick what this approval counts for'),
  });
  return chosen?.rules;
}

/**
 * After a refusal: when the deployment changed meanwhile (someone else approved, rejected or ran it), say what it is
 * now, and offer to approve again where that is still possible (the comment is kept). False when nothing changed, so
 * the refusal is reported as it is.
 */
function explainChangedMeanwhile(
  context: CommandContext,
  node: DeploymentNode,
  outcome: Exclude<DeploymentOutcome<unknown>, { kind: 'busy' }>,
  comment: string | undefined,
  tell: Outcomes = sayNow,
): boolean {
  if (outcome.kind !== 'refused') return false;
  const error = outcome.error;
  const fresh = outcome.after && deploymentNode(outcome.after);
  const before = deploymentRowLabel(node.view);
  if (fresh && deploymentRowLabel(fresh.view) === before) return false;
  context.log.info(`${deploymentTitle(node.deployment, node.project.project)} changed meanwhile: ${error.detail}`);
  const kept = comment ? vscode.l10n.t(' Your comment was kept for the next try.') : '';
  const now = fresh
    ? vscode.l10n.t(
        '{0} changed meanwhile and is now: {1}. GitLab said: {2}{3}',
        titleOf(node),
        deploymentRowLabel(fresh.view),
        error.userMessage,
        kept,
      )
    : vscode.l10n.t('{0} is no longer waiting. GitLab said: {1}{2}', titleOf(node), error.userMessage, kept);
  const again = {
    title: vscode.l10n.t('Approve…'),
    run: () => vscode.commands.executeCommand(COMMANDS.approve, fresh),
  };
  tell.say('warning', now, ...(fresh && can(fresh, 'approve') ? [again] : []));
  return true;
}

/** Open Job, when GitLab gave the job's page on the instance. */
function openJob(job: JobSummary, node: DeploymentNode): OutcomeAction[] {
  const url = linkOnInstance(job.web_url, node.instance.instanceUrl);
  return url
    ? [{ title: vscode.l10n.t('Open Job'), run: () => vscode.env.openExternal(vscode.Uri.parse(url, true)) }]
    : [];
}

/** Comments of approvals that did not go through, by deployment, offered again on the next try. */
const keptComments = new Map<string, string>();

/** How every message names a deployment: with its project and environment. */
export function titleOf(node: DeploymentNode): string {
  return deploymentTitle(node.deployment, node.project.project);
}

/** "Security and Maintainers", "A, B and C". */
export function listText(items: string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : vscode.l10n.t('{0} and {1}', items.slice(0, -1).join(', '), items[items.length - 1]);
}

/**
 * One action on one deployment through the runner, in a progress notification. Another action on it under way is said
 * here; every other outcome is the caller's to say (reportFailure: GitLab's own words when it refused, "may have gone
 * through" when the answer to the write was lost).
 */
async function act<W extends DeploymentWrite>(
  context: CommandContext,
  node: LocatedDeployment,
  title: string,
  write: W,
): ReturnType<typeof actOnDeployment<W>> {
  const outcome = await actOnDeployment(context, node, write, inProgress(title));
  if (outcome.kind === 'busy')
    void showInfo(
      vscode.l10n.t(
        'An action on {0} is already under way; wait for it to finish.',
        deploymentTitle(node.deployment, node.project.project),
      ),
    );
  return outcome;
}

/** The sending runs in a progress notification, which the person can cancel. */
function inProgress(title: string): During {
  return (send) => Promise.resolve(withNotificationProgress(title, (token) => send({ signal: signalOf(token) })));
}
