// The words of Set Required Approvals: which count it changes and what the environment requires in all, from the
// core's shares (core/approvals/environmentRequirement.ts). Rules add up; unified counts before 17.0 do not.
import * as vscode from 'vscode';
import type { ApprovalRequirement, RequirementShares } from '../../core/approvals/environmentRequirement';

export function approvalsText(count: number): string {
  return count === 1 ? vscode.l10n.t('1 approval') : vscode.l10n.t('{0} approvals', count);
}

/** "3 in all", or "at least 3 in all". */
function inAllText(total: ApprovalRequirement): string {
  return total.atLeast ? vscode.l10n.t('at least {0} in all', total.count) : vscode.l10n.t('{0} in all', total.count);
}

/**
 * What the rest of the environment adds to the count being changed, and the total: "group-level rules add 1: 3 in all".
 * Undefined when nothing else counts.
 */
function restText(shares: RequirementShares): string | undefined {
  const { total } = shares;
  if (!total) return undefined;
  if (shares.combine === 'max') {
    return total.count === shares.own && !total.atLeast
      ? undefined
      : vscode.l10n.t(
          'GitLab requires the largest count of the protected environments that apply: {0}',
          inAllText(total),
        );
  }
  const parts: string[] = [];
  if (shares.otherRules > 0) parts.push(vscode.l10n.t("the project's other rules add {0}", shares.otherRules));
  if (shares.elsewhere !== undefined && shares.elsewhere > 0)
    parts.push(vscode.l10n.t('group-level rules add {0}', shares.elsewhere));
  if (total.atLeast) parts.push(vscode.l10n.t('group-level rules may add more'));
  if (parts.length === 0) return undefined;
  return `${parts.join(vscode.l10n.t(' and '))}: ${inAllText(total)}`;
}

/** The input box's prompt: "Now 2; group-level rules add 1: 3 in all. A whole number from 1 to 5". */
export function currentCountPrompt(shares: RequirementShares | undefined, range: string): string {
  if (!shares) return range;
  const rest = restText(shares);
  return rest
    ? vscode.l10n.t('Now {0}; {1}. {2}', shares.own, rest, range)
    : vscode.l10n.t('Now {0}. {1}', shares.own, range);
}

/** After the change, from GitLab's answer and the re-read environment: what it requires now, under what, in all. */
export function changedCountText(where: string, ruleName: string | undefined, after: RequirementShares): string {
  const rest = restText(after);
  // Unified counts do not add up: the environment's own count is one of those GitLab takes the largest of.
  if (rest && after.combine === 'max')
    return vscode.l10n.t('The own count of {0} is now {1}; {2}.', where, after.own, rest);
  const requires = ruleName
    ? vscode.l10n.t('{0} now requires {1} under {2}', where, approvalsText(after.own), ruleName)
    : vscode.l10n.t('{0} now requires {1}', where, approvalsText(after.own));
  return rest ? vscode.l10n.t('{0}; {1}.', requires, rest) : vscode.l10n.t('{0}.', requires);
}
