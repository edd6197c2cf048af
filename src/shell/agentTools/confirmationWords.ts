// The extension's words in an agent tool's confirmation, translated: the planner in the core builds the confirmation
// from these (core/presentation/confirmations.ts), since the core cannot call VS Code's localization. GitLab's text is
// never among them: it is a fact's value, quoted by confirmationText.
import * as vscode from 'vscode';
import type { ConfirmationWords } from '../../core/presentation';

export function confirmationWords(): ConfirmationWords {
  return {
    approveTitle: vscode.l10n.t('Approve this GitLab deployment?'),
    rejectTitle: vscode.l10n.t('Reject this GitLab deployment?'),
    runTitle: vscode.l10n.t('Run this GitLab deployment job?'),
    project: vscode.l10n.t('Project'),
    environment: vscode.l10n.t('Environment'),
    environmentTier: vscode.l10n.t('Environment tier'),
    ref: vscode.l10n.t('Ref'),
    commit: vscode.l10n.t('Commit'),
    deployment: vscode.l10n.t('Deployment'),
    triggeredBy: vscode.l10n.t('Triggered by'),
    job: vscode.l10n.t('Job'),
    instance: vscode.l10n.t('GitLab instance'),
    approvalsSoFar: vscode.l10n.t('Approvals so far'),
    approvalsCount: (approved, required, pending) =>
      vscode.l10n.t('{0} of {1} ({2} still needed)', approved, required, pending),
    approvalCountsFor: vscode.l10n.t('Your approval counts for'),
    comment: vscode.l10n.t('Comment, written by the agent, posted under your name'),
    noComment: vscode.l10n.t('none'),
    whatItShips: vscode.l10n.t('What it ships'),
    rejectFailsForGood: vscode.l10n.t(
      'Rejecting fails the deployment job for good: it cannot be retried, and deploying this change needs a new pipeline.',
    ),
    rejectionRecorded: vscode.l10n.t('The rejection is recorded in GitLab under your name.'),
    approvalRecorded: vscode.l10n.t('The approval is recorded in GitLab under your name.'),
    lastApprovalNeeded: vscode.l10n.t(
      'Yours would be the last approval needed. Approving does not start the job: it then waits for someone to run it.',
    ),
    approvingDoesNotRun: vscode.l10n.t(
      'Approving does not start the job: it runs only when every rule has its approvals and someone runs it.',
    ),
    runStartsNow: vscode.l10n.t(
      'This starts the deployment job now, under your name: the change is deployed to the environment.',
    ),
    deployAccessUnknown: vscode.l10n.t(
      'Whether you are one of the environment’s deployers cannot be checked from here; if you are not, GitLab refuses to run the job.',
    ),
  };
}
