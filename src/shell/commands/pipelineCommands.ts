// Approve Pipeline…: every deployment of one pipeline that awaits the user — later stages not started yet too, where
// GitLab accepts their approval — in one action, with one summary: each approved environment's approvals of its
// total ("eu 1/2"), and what was not approved and why (core/actions/pipelineApproval.ts).
import * as vscode from 'vscode';
import { myApprovalRules, type MyRule } from '../../core/actions/approvalRules';
import {
  environmentTally,
  pipelineApprovalPlan,
  pipelineOf,
  pipelinesAwaitingMe,
  type EnvironmentTally,
  type PipelineApprovalPlan,
} from '../../core/actions/pipelineApproval';
import type { ApproveUnderRulesResult } from '../../core/actions/approveUnderRules';
import type { DeploymentOutcome } from '../../core/actions/runner';
import { NOT_COUNTED_TEXT } from '../../core/presentation';
import { pickOne, showInfo, showWarning } from '../presentation/ui';
import { deploymentNode, TreeShape, type DeploymentNode, type TreeNode } from '../tree/nodes';
import type { CommandContext } from './commandContext';
import { askComment, askRules, listText, sendApproval } from './deploymentCommands';
import { failureText, withFeedback } from './feedback';

export async function approvePipeline(context: CommandContext, clicked?: TreeNode): Promise<void> {
  const all = new TreeShape(context.engine.snapshot(), 'allBlocked').visibleDeployments();
  const chosen = await choosePipeline(all, clicked);
  if (!chosen) return;
  const plan = pipelineApprovalPlan([...all, ...(await laterStages(context, chosen))], chosen.pipeline);
  const name = pipelineName(plan);
  if (plan.toApprove.length === 0) {
    void showInfo(vscode.l10n.t('Nothing in {0} awaits your approval. {1}', name, leftAloneText(plan.leftAlone)));
    return;
  }
  const nodes = plan.toApprove as DeploymentNode[];
  const rulesOf = new Map<DeploymentNode, MyRule[]>();
  for (const node of nodes) {
    // Where GitLab counts one approval per user and rule, all of them; otherwise the person picks one.
    const several = node.instance.capabilities?.approveForSeveralRules.available !== false;
    const rules = several ? myApprovalRules(node.view) : await askRules(node);
    if (!rules) return;
    rulesOf.set(node, rules);
  }
  const comment = await askComment(
    vscode.l10n.t('Approve {0}: {1}', name, listText(nodes.map((n) => n.environment.name))),
    false,
  );
  if (comment === undefined) return;

  const approved: EnvironmentTally[] = [];
  const notApproved = plan.leftAlone.map(({ located, why }) => ({ environment: located.environment.name, why }));
  for (const node of nodes) {
    const title = vscode.l10n.t('Approving {0} of {1}…', node.environment.name, name);
    // Approve Pipeline never starts a job (andRun false): it asks no run question.
    const sent = await sendApproval(context, node, rulesOf.get(node) ?? [], comment, false, title);
    if (!sent) continue;
    if (sent.kind === 'done') approved.push(environmentTally(node, sent.after));
    // Approved under some of the rules only: approved, and the rest is said beside it.
    if (sent.kind === 'done' && sent.value.failure === undefined) continue;
    const why = whyNotApproved(sent);
    notApproved.push({ environment: node.environment.name, why });
    context.log.warn(`approving ${node.environment.name} of ${name}: ${why}`);
  }
  const summary = [
    approved.length > 0
      ? vscode.l10n.t('Approved in {0}: {1}.', name, approved.map(tallyText).join(', '))
      : vscode.l10n.t('Nothing of {0} was approved.', name),
    leftAloneText(notApproved.map(({ environment, why }) => ({ environment, why }))),
  ]
    .filter(Boolean)
    .join(' ');
  void (notApproved.length > 0 ? showWarning(summary) : showInfo(summary));
}

/**
 * The pipeline's deployments in stages that have not started, which GitLab (16.2+) lets approve ahead: read now, one
 * list and one detail each (a cut list is logged by the client). A failed read is said and leaves the blocked ones to
 * approve.
 */
async function laterStages(context: CommandContext, plan: PipelineApprovalPlan): Promise<DeploymentNode[]> {
  const { instanceUrl, projectId, pipelineId } = plan.pipeline;
  const instance = (plan.toApprove[0] ?? plan.leftAlone[0]?.located)?.instance;
  if (!instance?.capabilities?.approveBeforeStage.available) return [];
  const read = await withFeedback(
    context.log,
    vscode.l10n.t('Reading the later stages of {0}…', pipelineName(plan)),
    () => context.engine.laterStageDeployments(instanceUrl, projectId, pipelineId),
  );
  return (read?.deployments ?? []).map(deploymentNode);
}

/** "eu 1/2", "ca 1/1 (its stage has not started)". */
function tallyText(tally: EnvironmentTally): string {
  const counted =
    tally.approved === undefined || tally.required === undefined
      ? tally.environment
      : vscode.l10n.t('{0} {1}/{2}', tally.environment, tally.approved, tally.required);
  return tally.laterStage ? vscode.l10n.t('{0} (its stage has not started)', counted) : counted;
}

/** Why one deployment of the pipeline was not (wholly) approved, in one sentence. */
function whyNotApproved(sent: DeploymentOutcome<ApproveUnderRulesResult>): string {
  switch (sent.kind) {
    case 'busy':
      return vscode.l10n.t('Another action on it was under way.');
    case 'not-counted':
      return vscode.l10n.t('GitLab did not count a new approval: {0}', NOT_COUNTED_TEXT[sent.reason]);
    case 'done':
      return failureText(sent.value.failure);
    default:
      return failureText(sent.error);
  }
}

/** The clicked row's pipeline, or from the palette a pick among pipelines with something awaiting the user. */
async function choosePipeline(
  all: DeploymentNode[],
  clicked: TreeNode | undefined,
): Promise<PipelineApprovalPlan | undefined> {
  if (clicked?.type === 'deployment') {
    const pipeline = pipelineOf(clicked);
    if (pipeline) return pipelineApprovalPlan(all, pipeline);
    void showInfo(vscode.l10n.t('This deployment has no pipeline job.'));
    return undefined;
  }
  const plans = pipelinesAwaitingMe(all);
  if (plans.length === 0) {
    void showInfo(vscode.l10n.t('No pipeline has a deployment awaiting your approval.'));
    return undefined;
  }
  const chosen = await pickOne(
    plans.map((plan) => ({
      icon: 'git-commit',
      label: pipelineName(plan),
      description: listText(plan.toApprove.map((l) => l.environment.name)),
      detail:
        plan.leftAlone.length > 0
          ? vscode.l10n.t(
              'also blocked, not approved: {0}',
              listText(plan.leftAlone.map((l) => l.located.environment.name)),
            )
          : undefined,
      plan,
    })),
    { title: vscode.l10n.t('Approve which pipeline’s deployments?'), matchOnDescription: true },
  );
  return chosen?.plan;
}

/** "pipeline #412 (acme/platform/api-gateway, main)". */
function pipelineName(plan: PipelineApprovalPlan): string {
  const first = plan.toApprove[0] ?? plan.leftAlone[0]?.located;
  const ref = first?.deployment.ref;
  const project = first?.project.project.path_with_namespace ?? '';
  return vscode.l10n.t('pipeline #{0} ({1})', plan.pipeline.pipelineId, ref ? `${project}, ${ref}` : project);
}

/** "Not approved: canary (You triggered this deployment…)." */
function leftAloneText(
  items: readonly (
    { environment: string; why: string } | { located: { environment: { name: string } }; why: string }
  )[],
): string {
  if (items.length === 0) return '';
  const parts = items.map((item) => {
    const environment = 'environment' in item ? item.environment : item.located.environment.name;
    return `${environment} (${item.why.replace(/\.$/, '')})`;
  });
  return vscode.l10n.t('Not approved: {0}.', parts.join('; '));
}
