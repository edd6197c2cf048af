import * as vscode from 'vscode';
import { decisions } from '../../core/approvals/decisions';
import type { IneligibilityReason } from '../../core/approvals/eligibility';
import { linkOnInstance, markdownText as text } from '../../core/presentation';
import type { ProjectView } from '../../core/refresh/snapshot';
import type { DeploymentNode, EnvironmentNode } from './nodes';
import { environmentRequirement, requirementText } from '../../core/approvals/environmentRequirement';
import { KIND_PRESENTATION } from './treeItems';
import { timeAgo } from './timeAgo';

/** Why the user cannot approve, in words; the tooltip and the commands say the same. */
export const INELIGIBILITY_TEXT: Record<IneligibilityReason, string> = {
  'no-approval-rules': 'This deployment needs no approval; it is a manual job.',
  'not-protected': 'GitLab does not enforce approvals here (the project is not on Premium or Ultimate).',
  'own-deployment': 'You triggered this deployment, and the project does not allow approving your own deployments.',
  'not-waiting': 'This deployment is not waiting for approvals any more.',
  'deployment-rejected': 'Someone rejected this deployment; its job failed for good.',
  'already-rejected': 'You rejected this deployment.',
  'no-matching-rule': 'None of the approval rules includes you.',
  'may-match-group-rule':
    'You may be able to approve: a role rule here may come from a group-level protected environment, where GitLab checks your role in that group, which the extension cannot see. Open it in GitLab to try.',
  'already-approved': 'You have already approved this deployment under every rule that includes you.',
};

export function deploymentTooltip({ deployment: view, project }: DeploymentNode): vscode.MarkdownString {
  const { deployment, detail, progress, eligibility } = view;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**#${deployment.iid} ${text(deployment.ref)} → ${text(deployment.environment.name)}**  \n`);
  md.appendMarkdown(`${text(project.project.path_with_namespace)} · commit \`${deployment.sha.slice(0, 8)}\`  \n`);
  if (deployment.user)
    md.appendMarkdown(
      `Triggered by ${text(deployment.user.name)} (@${text(deployment.user.username)}) ${timeAgo(deployment.created_at)}  \n`,
    );
  if (view.state)
    md.appendMarkdown(`\n$(${KIND_PRESENTATION[view.state].icon}) ${KIND_PRESENTATION[view.state].label}\n`);
  if (view.error) md.appendMarkdown(`\n$(warning) ${text(view.error.userMessage)}\n`);

  if (progress && progress.rules.length > 0) {
    md.appendMarkdown(`\n| Rule | Approvals | |\n|---|---|---|\n`);
    for (const rule of progress.rules) {
      const status = rule.rejected
        ? '$(error) rejected'
        : rule.status === 'approved'
          ? '$(pass) approved'
          : `$(watch) ${rule.pending} more`;
      md.appendMarkdown(
        `| ${text(rule.label)} | ${progress.perRuleKnown ? `${rule.approved}/${rule.required}` : `${rule.required} required`} | ${status} |\n`,
      );
    }
    md.appendMarkdown(
      `\n${progress.totalApproved} of ${progress.totalRequired} approvals, ${progress.totalPending} pending\n`,
    );
  }

  const decided = detail ? decisions(detail) : [];
  if (decided.length > 0) {
    md.appendMarkdown('\n');
    for (const d of decided) {
      const verb = d.status === 'approved' ? '$(check) approved' : '$(close) rejected';
      const comment = d.comment ? `: “${text(d.comment)}”` : '';
      md.appendMarkdown(`- ${text(d.user.name)} ${verb} ${timeAgo(d.at)}${comment}\n`);
    }
  }

  const job = deployment.deployable;
  if (job) {
    const link = (label: string, url: string) => markdownLink(label, url, view.instanceUrl);
    md.appendMarkdown(
      `\nPipeline ${link(`#${job.pipeline.id}`, job.pipeline.web_url)} · job ${link(job.name, job.web_url)}\n`,
    );
  }
  if (view.state === 'waiting-for-approval' && eligibility && !eligibility.canApprove && eligibility.reason) {
    md.appendMarkdown(`\n$(info) ${INELIGIBILITY_TEXT[eligibility.reason]}\n`);
  }
  if (view.deployAccess === 'denied') {
    md.appendMarkdown(
      `\n$(info) You are not one of the deployers of ${text(deployment.environment.name)}, so only they can run this job.\n`,
    );
  }
  return md;
}

export function projectTooltip(project: ProjectView): vscode.MarkdownString {
  const why = project.error?.userMessage ?? (project.approvals.available ? '' : project.approvals.reason);
  return new vscode.MarkdownString(`**${text(project.project.name_with_namespace)}**${why ? `\n\n${text(why)}` : ''}`);
}

export function environmentTooltip({ environment, project }: EnvironmentNode): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(
    `**${text(environment.name)}**${environment.tier ? ` (${environment.tier})` : ''} in ${text(project.project.path_with_namespace)}\n`,
  );
  const rules = environment.protection?.approval_rules ?? [];
  if (rules.length > 0) {
    md.appendMarkdown('\n');
    for (const rule of rules)
      md.appendMarkdown(
        `- ${text(rule.access_level_description ?? `access level ${rule.access_level}`)}: ${rule.required_approvals} required\n`,
      );
  }
  const required = environmentRequirement(environment, project.project);
  md.appendMarkdown(
    required === undefined
      ? '\nNo approvals required, or they are not visible to you.\n'
      : `\n${requirementText(required)} in all\n`,
  );
  if (required?.atLeast)
    md.appendMarkdown(
      `\nGroup-level protected environments of the ${environment.tier ?? 'environment’s'} tier may require more; only a group Owner can read them.\n`,
    );
  return md;
}

/** A link only to a checked address on the instance; otherwise the label alone. */
function markdownLink(label: string, url: string, instanceUrl: string): string {
  const checked = linkOnInstance(url, instanceUrl);
  return checked ? `[${text(label)}](${checked.replace(/\(/g, '%28').replace(/\)/g, '%29')})` : text(label);
}
