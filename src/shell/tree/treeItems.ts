import * as vscode from 'vscode';
import type { BlockedDeploymentState } from '../../core/approvals/classify';
import { environmentRequirement, requirementText } from '../../core/approvals/environmentRequirement';
import { deploymentWebUrl, environmentWebUrl } from '../../core/gitlab/webUrls';
import {
  availableDeploymentActions,
  canChangeRequiredApprovals,
  type DeploymentAction,
} from '../../core/actions/availableActions';
import type { DeploymentView } from '../../core/refresh/snapshot';
import { deploymentTooltip, environmentTooltip, projectTooltip } from './tooltips';
import {
  nodeId,
  type DeploymentNode,
  type EnvironmentNode,
  type InstanceNode,
  type ProjectNode,
  type TreeNode,
} from './nodes';
import { timeAgo } from './timeAgo';

/** What a deployment's kind looks like; one table so the tree, tooltips and quick picks agree. */
export const KIND_PRESENTATION: Record<BlockedDeploymentState, { label: string; icon: string }> = {
  'waiting-for-approval': { label: 'waiting for approval', icon: 'watch' },
  'approved-not-run': { label: 'approved, not run yet', icon: 'pass' },
  manual: { label: 'manual job, no approval needed', icon: 'play-circle' },
  rejected: { label: 'rejected', icon: 'error' },
  queued: { label: 'queued, waiting for a runner', icon: 'clock' },
};

export function treeItem(node: TreeNode): vscode.TreeItem {
  switch (node.type) {
    case 'instance':
      return instanceItem(node);
    case 'project':
      return projectItem(node);
    case 'environment':
      return environmentItem(node);
    case 'deployment':
      return deploymentItem(node);
  }
}

function instanceItem({ instance }: InstanceNode): vscode.TreeItem {
  const item = new vscode.TreeItem(
    new URL(instance.instanceUrl).host + new URL(instance.instanceUrl).pathname.replace(/\/$/, ''),
    vscode.TreeItemCollapsibleState.Expanded,
  );
  item.id = nodeId({ type: 'instance', instance });
  item.description = instance.user ? `@${instance.user.username}` : undefined;
  item.iconPath = new vscode.ThemeIcon(instance.error ? 'warning' : 'server');
  item.tooltip = instance.error ? `${instance.instanceUrl}\n${instance.error.userMessage}` : instance.instanceUrl;
  item.contextValue = tags('instance', 'hasWebUrl');
  return item;
}

function projectItem({ instance, project }: ProjectNode): vscode.TreeItem {
  const item = new vscode.TreeItem(project.project.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = nodeId({ type: 'project', instance, project });
  item.description = project.error ? project.error.userMessage : project.project.path_with_namespace;
  item.iconPath = new vscode.ThemeIcon(project.error ? 'warning' : 'repo');
  item.tooltip = projectTooltip(project);
  item.contextValue = tags('project', 'hasWebUrl');
  return item;
}

function environmentItem(node: EnvironmentNode): vscode.TreeItem {
  const { environment, project } = node;
  const item = new vscode.TreeItem(environment.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = nodeId(node);
  const required = environmentRequirement(environment, project.project);
  const protectedEnvironment = environment.protection !== undefined || required !== undefined;
  item.description = [protectedEnvironment ? 'protected' : undefined, required && requirementText(required)]
    .filter(Boolean)
    .join(' · ');
  item.iconPath = new vscode.ThemeIcon(protectedEnvironment ? 'shield' : 'server-environment');
  item.tooltip = environmentTooltip(node);
  item.contextValue = tags(
    'environment',
    canChangeRequiredApprovals(project, environment) && 'canSetRequiredApprovals',
    'hasWebUrl',
  );
  return item;
}

function deploymentItem(node: DeploymentNode): vscode.TreeItem {
  const { deployment: view, project } = node;
  const { deployment } = view;
  const item = new vscode.TreeItem(`#${deployment.iid} ${deployment.ref}`, vscode.TreeItemCollapsibleState.None);
  item.id = nodeId(node);
  item.description = [deployment.sha.slice(0, 8), ...deploymentFacts(view), timeAgo(deployment.created_at)].join(' · ');
  item.iconPath = new vscode.ThemeIcon(deploymentIcon(view));
  item.tooltip = deploymentTooltip(node);
  item.accessibilityInformation = {
    label: `Deployment ${deployment.iid} of ${deployment.ref} to ${deployment.environment.name}: ${item.description}`,
  };
  item.contextValue = tags('deployment', ...deploymentCapabilities(view, project.accessLevel), 'hasWebUrl');
  return item;
}

/** Kind (or "awaiting you"), k/n approvals and author: what the tree row and the quick picks say of a deployment. */
export function deploymentFacts(view: DeploymentView): string[] {
  const kind = view.state ? KIND_PRESENTATION[view.state].label : view.error ? 'details unavailable' : 'loading…';
  const progress =
    view.progress && view.progress.totalRequired > 0
      ? `${view.progress.totalApproved}/${view.progress.totalRequired} approvals`
      : '';
  const job = view.deployment.deployable;
  return [
    view.awaitingMe ? 'awaiting you' : view.eligibility?.reason === 'may-match-group-rule' ? 'may await you' : kind,
    view.state === 'queued' && job ? `job ${job.status}` : '',
    progress,
    view.deployment.user ? `by ${view.deployment.user.username}` : '',
  ].filter(Boolean);
}

export function deploymentIcon(view: DeploymentView): string {
  if (view.awaitingMe) return 'bell-dot';
  return view.state ? KIND_PRESENTATION[view.state].icon : view.error ? 'warning' : 'loading~spin';
}

const ACTION_TAGS: Record<DeploymentAction, string> = {
  approve: 'canApprove',
  approveAndRun: 'canApproveAndRun',
  reject: 'canReject',
  run: 'canRun',
};

/** The actions the user can take on a deployment, as the `contextValue` tags the menus match. */
export function deploymentCapabilities(view: DeploymentView, accessLevel: number): string[] {
  return availableDeploymentActions(view, accessLevel).map((action) => ACTION_TAGS[action]);
}

export function webUrl(node: TreeNode): string {
  switch (node.type) {
    case 'instance':
      return node.instance.instanceUrl;
    case 'project':
      return node.project.project.web_url;
    case 'environment':
      return environmentWebUrl(node.project.project, node.environment.id);
    case 'deployment':
      return deploymentWebUrl(node.project.project, node.deployment.deployment);
  }
}

/** A `;`-separated tag list, matched in package.json menus with `viewItem =~ /(^|;)tag(;|$)/`. */
function tags(...values: (string | false)[]): string {
  return values.filter(Boolean).join(';');
}
