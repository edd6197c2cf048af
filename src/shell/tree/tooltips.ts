import { freezeBadge, freezeMeaning } from '../presentation/freezeWords';
import * as vscode from 'vscode';
import { decisions } from '../../core/approvals/decisions';
import { environmentRequirement, requirementText } from '../../core/approvals/environmentRequirement';
import {
  deploymentTitle,
  INELIGIBILITY_TEXT,
  linkOnInstance,
  markdownText as text,
  numberText as n,
  READ_ONLY_TOKEN_TEXT,
  runNote,
  deploymentState,
  timeAgo,
} from '../../core/presentation';
import type { ProjectView } from '../../core/refresh/snapshot';
import type { DeploymentNode, EnvironmentNode } from './nodes';
import { briefSummaryOf, warningsOf } from '../deploymentPage/briefs';
import { ageingNow } from '../overdue';
import { ageingSentence } from '../presentation/ageingWords';

export function deploymentTooltip(node: DeploymentNode): vscode.MarkdownString {
  const { view, deployment, project } = node;
  const { detail, progress, eligibility } = view;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${text(deploymentTitle(deployment))}**  \n`);
  md.appendMarkdown(
    `${vscode.l10n.t('{0} · commit {1}', text(project.project.path_with_namespace), text(deployment.sha.slice(0, 8)))}  \n`,
  );
  if (deployment.user)
    md.appendMarkdown(
      vscode.l10n.t(
        'Triggered by {0} (@{1}) {2}',
        text(deployment.user.name),
        text(deployment.user.username),
        timeAgo(deployment.created_at),
      ) + '  \n',
    );
  // What should make the approver stop comes before the state and the rules.
  for (const warning of warningsOf(node)) md.appendMarkdown(`\n$(warning) ${text(warning.message)}\n`);
  const ageing = ageingNow(node);
  if (ageing?.thresholdMs !== undefined)
    md.appendMarkdown(
      `\n$(${ageing.overdue ? 'history' : 'clock'}) ${text(ageingSentence(ageing, deployment.environment.name, vscode.l10n))}\n`,
    );
  const state = deploymentState(view);
  if (state) md.appendMarkdown(`\n$(${state.icon}) ${text(state.label)}\n`);
  if (view.error) md.appendMarkdown(`\n$(warning) ${text(view.error.userMessage)}\n`);
  const summary = briefSummaryOf(view);
  if (summary) md.appendMarkdown(`\n$(git-compare) ${text(summary)}\n`);

  if (progress && progress.rules.length > 0) {
    md.appendMarkdown(`\n| ${vscode.l10n.t('Rule')} | ${vscode.l10n.t('Approvals')} | |\n|---|---|---|\n`);
    for (const rule of progress.rules) {
      const status = rule.rejected
        ? `$(error) ${vscode.l10n.t('rejected')}`
        : rule.status === 'approved'
          ? `$(pass) ${vscode.l10n.t('approved')}`
          : `$(watch) ${vscode.l10n.t('{0} more', n(rule.pending))}`;
      md.appendMarkdown(
        `| ${text(rule.label)} | ${progress.perRuleKnown ? `${n(rule.approved)}/${n(rule.required)}` : vscode.l10n.t('{0} required', n(rule.required))} | ${status} |\n`,
      );
    }
    md.appendMarkdown(
      `\n${vscode.l10n.t('{0} of {1} approvals, {2} pending', n(progress.totalApproved), n(progress.totalRequired), n(progress.totalPending))}\n`,
    );
  }

  const decided = detail ? decisions(detail) : [];
  if (decided.length > 0) {
    md.appendMarkdown('\n');
    for (const d of decided) {
      const decision =
        d.status === 'approved'
          ? `$(check) ${vscode.l10n.t('{0} approved {1}', text(d.user.name), timeAgo(d.at))}`
          : `$(close) ${vscode.l10n.t('{0} rejected {1}', text(d.user.name), timeAgo(d.at))}`;
      const comment = d.comment ? `: “${text(d.comment)}”` : '';
      md.appendMarkdown(`- ${decision}${comment}\n`);
    }
  }

  const job = deployment.deployable;
  if (job) {
    const link = (label: string, url: string) => markdownLink(label, url, view.instanceUrl);
    md.appendMarkdown(
      `\n${vscode.l10n.t('Pipeline {0} · job {1}', link(`#${n(job.pipeline.id)}`, job.pipeline.web_url), link(job.name, job.web_url))}\n`,
    );
  }
  const notSure = eligibility && (!eligibility.canApprove || eligibility.uncertain);
  if (view.state === 'waiting-for-approval' && notSure && eligibility.reason) {
    md.appendMarkdown(`\n$(info) ${INELIGIBILITY_TEXT[eligibility.reason]}\n`);
    if (view.approvalRefusedBecause) md.appendMarkdown(`${text(view.approvalRefusedBecause)}\n`);
  }
  const running = runNote(view, project.accessLevel);
  if (running) md.appendMarkdown(`\n$(info) ${text(running)}\n`);
  if (view.readOnlyToken) md.appendMarkdown(`\n$(lock) ${READ_ONLY_TOKEN_TEXT}\n`);
  return md;
}

export function projectTooltip(project: ProjectView): vscode.MarkdownString {
  const why = project.error?.userMessage ?? (project.approvals.available ? '' : project.approvals.reason);
  return new vscode.MarkdownString(`**${text(project.project.name_with_namespace)}**${why ? `\n\n${text(why)}` : ''}`);
}

export function environmentTooltip({ instance, environment, project }: EnvironmentNode): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(
    `${vscode.l10n.t('{0} in {1}', `**${text(environment.name)}**${environment.tier ? ` (${text(environment.tier)})` : ''}`, text(project.project.path_with_namespace))}\n`,
  );
  const rules = environment.protection?.approval_rules ?? [];
  if (rules.length > 0) {
    md.appendMarkdown('\n');
    for (const rule of rules)
      md.appendMarkdown(
        `- ${text(rule.access_level_description ?? vscode.l10n.t('access level {0}', n(rule.access_level)))}: ${vscode.l10n.t('{0} required', n(rule.required_approvals))}\n`,
      );
  }
  const freeze = freezeBadge(project.freezes, Date.now(), vscode.l10n);
  if (freeze) md.appendMarkdown(`\n${text(freeze)}: ${text(freezeMeaning(vscode.l10n))}\n`);
  const required = environmentRequirement(environment, project.project, instance.capabilities);
  md.appendMarkdown(
    required === undefined
      ? `\n${vscode.l10n.t('No approvals required, or they are not visible to you.')}\n`
      : `\n${vscode.l10n.t('{0} in all', text(requirementText(required)))}\n`,
  );
  if (required?.atLeast)
    md.appendMarkdown(
      `\n${
        environment.tier
          ? vscode.l10n.t(
              'Group-level protected environments of the {0} tier may require more; only a group Owner can read them.',
              text(environment.tier),
            )
          : vscode.l10n.t(
              'Group-level protected environments of the environment’s tier may require more; only a group Owner can read them.',
            )
      }\n`,
    );
  return md;
}

/** A link only to a checked address on the instance; otherwise the label alone. */
function markdownLink(label: string, url: string, instanceUrl: string): string {
  const checked = linkOnInstance(url, instanceUrl);
  return checked ? `[${text(label)}](${checked.replace(/\(/g, '%28').replace(/\)/g, '%29')})` : text(label);
}
