// External approvals: an approval rule whose only member is a service account or bot is a gate another system opens
// (Jira Service Management's change-request gating approves through a service account). No person is offered it, and
// a deployment that waits only for such rules awaits nobody here (docs/gitlab-behaviour.md#external-approvals).

import type { ApprovalRuleForSummary, DeploymentDetail } from '../gitlab/types';
import { approvalsOfRule, countApproved } from './attribution';
import { pendingApprovals } from './classify';
import type { ApproverContext } from './rules';

/** A service account or bot named by a user rule, as `GET /users/:id` described it (`bot: true`). */
export interface BotAccount {
  username: string;
  name: string;
}

/** The account a rule waits for when its only member is a known service account or bot; undefined for people. */
export function gateAccount(
  rule: ApprovalRuleForSummary,
  ctx: Pick<ApproverContext, 'botAccounts'>,
): BotAccount | undefined {
  return rule.user_id === null ? undefined : ctx.botAccounts?.get(rule.user_id);
}

/**
 * The accounts a waiting deployment still waits for when only external gates are short of approvals; undefined when a
 * person's approval is still needed, nothing is pending, or GitLab's answer does not say which rule an approval counts
 * for (then it cannot be told).
 */
export function externalWait(
  detail: DeploymentDetail,
  ctx: Pick<ApproverContext, 'botAccounts'>,
): { accounts: BotAccount[] } | undefined {
  if (pendingApprovals(detail) === 0 || !ctx.botAccounts?.size) return undefined;
  const short: ApprovalRuleForSummary[] = [];
  for (const rule of detail.approval_summary?.rules ?? []) {
    const approvals = approvalsOfRule(detail, rule);
    if (approvals === undefined) return undefined;
    if (countApproved(approvals) < rule.required_approvals) short.push(rule);
  }
  const accounts = short.map((rule) => gateAccount(rule, ctx));
  if (short.length === 0 || accounts.some((account) => account === undefined)) return undefined;
  return { accounts: accounts as BotAccount[] };
}

/** "@jsm-gate, @release-bot": the accounts, for words. */
export function accountNames(accounts: readonly BotAccount[]): string {
  return accounts.map((account) => `@${account.username}`).join(', ');
}
