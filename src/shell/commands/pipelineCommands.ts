// Approve Pipeline…: every deployment of one pipeline that awaits the user, in one action, with one summary of what
// was approved and what was not, and why (core/actions/pipelineApproval.ts).
import * as vscode from 'vscode';
import { myApprovalRules, type MyRule } from '../../core/actions/approvalRules';
import {
  pipelineApprovalPlan,
  pipelineOf,
  pipelinesAwaitingMe,
  type PipelineApprovalPlan,
} from '../../core/actions/pipelineApproval';
import type { ApproveUnderRulesResult } from '../../core/actions/approveUnderRules';
import type { DeploymentOutcome } from '../../core/actions/runner';
import { isGitLabError } from '../../core/errors';
import { NOT_COUNTED_TEXT } from '../../core/presentation';
import { pickOne, showInfo, showWarning } from '../presentation/ui';
import { TreeShape, type DeploymentNode, type TreeNode } from '../tree/nodes';
import type { CommandContext } from './commandContext';
import { askComment, askRules, listText, sendApproval } from './deploymentCommands';

export async function approvePipeline(context: CommandContext, clicked?: TreeNode): Promise<void> {
  const all = new TreeShape(context.engine.snapshot(), 'allBlocked').visibleDeployments();
  const plan = await choosePipeline(all, clicked);
  if (!plan) return;
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

  const approved: string[] = [];
  const notApproved = plan.leftAlone.map(({ located, why }) => ({ environment: located.environment.name, why }));
  for (const node of nodes) {
    const title = vscode.l10n.t('Approving {0} of {1}…', node.environment.name, name);
    // Approve Pipeline never starts a job (andRun false): it asks no run question.
    const sent = await sendApproval(context, node, rulesOf.get(node) ?? [], comment, false, title);
    if (!sent) continue;
    if (sent.kind === 'done' && sent.value.failure === undefined) {
      approved.push(node.environment.name);
      continue;
    }
    // Approved under some of the rules only: approved, and the rest is said beside it.
    if (sent.kind === 'done') approved.push(node.environment.name);
    const why = whyNotApproved(sent);
    notApproved.push({ environment: node.environment.name, why });
    context.log.warn(`approving ${node.environment.name} of ${name}: ${why}`);
  }
  const summary = [
    approved.length > 0
      ? vscode.l10n.t('Approved {0} of {1}.', listText(approved), name)
      : vscode.l10n.t('Nothing of {0} was approved.', name),
    leftAloneText(notApproved.map(({ environment, why }) => ({ environment, why }))),
  ]
    .filter(Boolean)
    .join(' ');
  void (notApproved.length > 0 ? showWarning(summary) : showInfo(summary));
}

/** Why one deployment of the pipeline was not (wholly) approved, in one sentence. */
function whyNotApproved(sent: DeploymentOutcome<ApproveUnderRulesResult>): string {
  switch (sent.kind) {
    case 'busy':
      return vscode.l10n.t('Another action on it was under way.');
    case 'not-counted':
      return vscode.l10n.t('GitLab did not count a new approval: {0}', NOT_COUNTED_TEXT[sent.reason]);
    case 'done':
      return errorText(sent.value.failure);
    default:
      return errorText(sent.error);
  }
}

function errorText(error: unknown): string {
  return isGitLabError(error) ? error.userMessage : String(error);
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
