import * as vscode from 'vscode';
import { canChangeRequiredApprovals } from '../../core/actions/availableActions';
import { changeRequiredApprovals } from '../../core/actions/runner';
import {
  MAX_REQUIRED_APPROVALS,
  MIN_REQUIRED_APPROVALS,
  validateRequiredApprovals,
} from '../../core/approvals/validation';
import { NotSupportedError } from '../../core/errors';
import { requirementShares } from '../../core/approvals/environmentRequirement';
import { ruleLabel } from '../../core/approvals/rules';
import type { RequiredApprovalsResult } from '../../core/actions/requiredApprovalsAction';
import { approvalsText, changedCountText, currentCountPrompt } from './requiredApprovalsText';
import { askModal, askText, pickOne, showInfo, showWarning, withNotificationProgress } from '../presentation/ui';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './commandContext';
import { reportFailure, signalOf, withFeedback } from './feedback';
import type { CommandTable } from './registerCommands';
import { environmentTarget } from './targets';
import type { EnvironmentNode } from '../tree/nodes';
import type { EnvironmentView } from '../../core/refresh/snapshot';

/** The environment as the engine's snapshot has it now (after its protection was read). */
function currentEnvironment(context: CommandContext, node: EnvironmentNode): EnvironmentView | undefined {
  return context.engine
    .snapshot()
    .instances.find((i) => i.instanceUrl === node.instance.instanceUrl)
    ?.projects.find((p) => p.project.id === node.project.project.id)
    ?.environments.find((e) => e.name === node.environment.name);
}

export function environmentCommands(context: CommandContext): Pick<CommandTable, 'setRequiredApprovals'> {
  return { setRequiredApprovals: (clicked?: TreeNode) => setRequired(context, clicked) };
}

async function setRequired(context: CommandContext, clicked: TreeNode | undefined): Promise<void> {
  const node = await environmentTarget(context.engine, clicked, (n) =>
    canChangeRequiredApprovals(n.project, n.environment),
  );
  if (!node) return;
  const { project, instance } = node;
  // Protections are read on demand: read this project's now, then use what GitLab says of this environment.
  const where = `${node.environment.name} (${project.project.path_with_namespace})`;
  const loaded = await withFeedback(context.log, vscode.l10n.t('Reading the protection of {0}…', where), () =>
    context.engine.loadProtections(instance.instanceUrl, project.project.id).then(() => true),
  );
  if (!loaded) return;
  const environment = currentEnvironment(context, node) ?? node.environment;
  if (!environment.protection) {
    void showWarning(
      vscode.l10n.t(
        '{0} has no protection of its own in this project, so it has no required approvals to change here.',
        where,
      ),
    );
    return;
  }
  const rules = environment.protection.approval_rules ?? [];
  let rule = rules.length === 1 ? rules[0] : undefined;
  if (rules.length > 1) {
    const chosen = await pickOne(
      rules.map((r) => ({
        label: ruleLabel(r),
        description: vscode.l10n.t('{0} required', String(r.required_approvals)),
        rule: r,
      })),
      { title: vscode.l10n.t('Which approval rule of {0}?', where) },
    );
    if (!chosen) return;
    rule = chosen.rule;
  }
  const ruleId = rules.length > 1 ? rule?.id : undefined;
  const ruleName = rule && ruleLabel(rule);
  const shares = requirementShares(environment, project.project, instance.capabilities, rule?.id);
  const range = vscode.l10n.t('A whole number from {0} to {1}', MIN_REQUIRED_APPROVALS, MAX_REQUIRED_APPROVALS);
  const answer = await askText({
    title: ruleName
      ? vscode.l10n.t('Required approvals under {0} for {1}', ruleName, where)
      : vscode.l10n.t('Required approvals for {0}', where),
    prompt: currentCountPrompt(shares, range),
    value: String(shares?.own ?? 1),
    validateInput: (value) => validateRequiredApprovals(Number(value.trim()))?.userMessage,
  });
  if (answer === undefined) return;
  const capabilities = instance.capabilities;
  const title = vscode.l10n.t('Setting required approvals for {0}…', where);
  if (!capabilities)
    return reportFailure(
      context.log,
      title,
      new NotSupportedError(vscode.l10n.t('The GitLab version is not known yet; refresh and try again.')),
    );
  const outcome = await changeRequiredApprovals(
    context,
    { instanceUrl: instance.instanceUrl, projectId: project.project.id, environmentName: environment.name },
    capabilities,
    { count: Number(answer.trim()), ruleId },
    async (warning) => (await askModal(warning, undefined, vscode.l10n.t('Unprotect and Protect Again'))) !== undefined,
    (send) => Promise.resolve(withNotificationProgress(title, (token) => send({ signal: signalOf(token) }))),
  );
  if (outcome.kind === 'busy') {
    void showInfo(vscode.l10n.t('A change to {0} is already under way; wait for it to finish.', where));
    return;
  }
  if (outcome.kind !== 'done') return reportFailure(context.log, title, outcome.error);
  const result = outcome.value;
  if (!result) return;
  if (result.dropped.length > 0) {
    const what = result.dropped.map((d) => `${d.collection.replace(/_/g, ' ')} (${d.problem})`).join(', ');
    context.log.warn(
      `GitLab did not apply part of the change to ${environment.name}: ${JSON.stringify(result.dropped)}`,
    );
    void showWarning(
      vscode.l10n.t(
        'GitLab accepted the change to {0} but did not apply: {1}. Check the environment in GitLab.',
        where,
        what,
      ),
    );
    return;
  }
  void showInfo(
    changedText(context, node, where, result, rule ? rules.indexOf(rule) : -1, ruleName, Number(answer.trim())),
  );
}

/**
 * What the environment requires now: GitLab's answer for the count changed, the re-read snapshot for the total the
 * row shows. Re-protecting (before 15.4) gives the rules new ids, in the order they were sent.
 */
function changedText(
  context: CommandContext,
  node: EnvironmentNode,
  where: string,
  result: RequiredApprovalsResult,
  ruleIndex: number,
  ruleName: string | undefined,
  count: number,
): string {
  const after = currentEnvironment(context, node);
  const ruleId = ruleIndex >= 0 ? result.environment.approval_rules?.[ruleIndex]?.id : undefined;
  const shares =
    after &&
    requirementShares(
      { ...after, protection: result.environment },
      node.project.project,
      node.instance.capabilities,
      ruleId,
    );
  if (shares) return changedCountText(where, ruleName, shares);
  return vscode.l10n.t('{0} now requires {1}.', where, approvalsText(count));
}
