import * as vscode from 'vscode';
import { environmentRequirement, requirementText } from '../../core/approvals/environmentRequirement';
import {
  availableDeploymentActions,
  canChangeRequiredApprovals,
  type DeploymentAction,
} from '../../core/actions/availableActions';
import {
  deploymentFacts,
  deploymentIcon,
  deploymentRowDescription,
  deploymentRowLabel,
  messageText as text,
  numberText,
  OVERDUE_MARK,
  timeAgo,
  warningMarks,
} from '../../core/presentation';
import { ageingNow } from '../overdue';
import { warningsOf } from '../deploymentPage/briefs';
import { freezeBadge } from '../presentation/freezeWords';
import type { DeploymentView } from '../../core/refresh/snapshot';
import { COMMANDS } from '../commands/commandIds';
import { hasSupersededToReject } from '../commands/supersededCommands';
import { deploymentTooltip, environmentTooltip, projectTooltip } from './tooltips';
import { awaitsSomeone } from '../../core/approvals/classify';
import {
  nodeId,
  type TreeFilter,
  type TreeShape,
  type DeploymentNode,
  type EnvironmentNode,
  type InstanceNode,
  type ProjectNode,
  type TreeNode,
} from './nodes';

/** The row of a node; `shape` is what the view shows, for the counts on environment rows. */
export function treeItem(node: TreeNode, shape: TreeShape): vscode.TreeItem {
  switch (node.type) {
    case 'instance':
      return instanceItem(node);
    case 'project':
      return projectItem(node);
    case 'environment':
      return environmentItem(node, shape.children(node) as DeploymentNode[], shape.filter);
    case 'deployment':
      return deploymentItem(node);
  }
}

// Labels, descriptions and string tooltips are plain text in a tree: GitLab's text passes messageText (one line, with
// invisible characters shown), numbers numberText.
function instanceItem({ instance }: InstanceNode): vscode.TreeItem {
  const item = new vscode.TreeItem(
    new URL(instance.instanceUrl).host + new URL(instance.instanceUrl).pathname.replace(/\/$/, ''),
    vscode.TreeItemCollapsibleState.Expanded,
  );
  item.id = nodeId({ type: 'instance', instance });
  item.description = instance.user ? text(`@${instance.user.username}`) : undefined;
  item.iconPath = new vscode.ThemeIcon(instance.error ? 'warning' : 'server');
  item.tooltip = instance.error ? `${instance.instanceUrl}\n${text(instance.error.userMessage)}` : instance.instanceUrl;
  item.contextValue = tags('instance', 'hasWebUrl');
  return item;
}

function projectItem({ instance, project }: ProjectNode): vscode.TreeItem {
  const item = new vscode.TreeItem(text(project.project.name), vscode.TreeItemCollapsibleState.Expanded);
  item.id = nodeId({ type: 'project', instance, project });
  item.description = text(project.error ? project.error.userMessage : project.project.path_with_namespace);
  item.iconPath = new vscode.ThemeIcon(project.error ? 'warning' : 'repo');
  item.tooltip = projectTooltip(project);
  item.contextValue = tags('project', 'hasWebUrl');
  return item;
}

/** "2 waiting · 2 approvals required": how many of its rows wait for someone, then what it needs (the shield: protected). */
function environmentItem(node: EnvironmentNode, rows: DeploymentNode[], filter: TreeFilter): vscode.TreeItem {
  const { environment, project } = node;
  const item = new vscode.TreeItem(text(environment.name), vscode.TreeItemCollapsibleState.Expanded);
  item.id = nodeId(node);
  const required = environmentRequirement(environment, project.project, node.instance.capabilities);
  const protectedEnvironment = environment.protection !== undefined || required !== undefined;
  const waiting = rows.filter((row) => awaitsSomeone(row.view)).length;
  item.description = [
    waiting === 0
      ? vscode.l10n.t('nothing waiting')
      : filter === 'awaitingMe'
        ? vscode.l10n.t('{0} for you', waiting)
        : vscode.l10n.t('{0} waiting', waiting),
    required && text(requirementText(required)),
    // The project's deploy freeze, on every one of its environments: freezes are the project's.
    text(freezeBadge(project.freezes, Date.now(), vscode.l10n) ?? ''),
  ]
    .filter(Boolean)
    .join(' · ');
  item.accessibilityInformation = {
    label: protectedEnvironment
      ? vscode.l10n.t('Protected environment {0}: {1}', text(environment.name), item.description)
      : vscode.l10n.t('Environment {0}: {1}', text(environment.name), item.description),
  };
  item.iconPath = new vscode.ThemeIcon(protectedEnvironment ? 'shield' : 'server-environment');
  item.tooltip = environmentTooltip(node);
  item.contextValue = tags(
    'environment',
    canChangeRequiredApprovals(project, environment) && 'canSetRequiredApprovals',
    hasSupersededToReject(node) && 'hasSupersededToReject',
    'hasWebUrl',
  );
  return item;
}

function deploymentItem(node: DeploymentNode): vscode.TreeItem {
  const { view, deployment, project } = node;
  // State and progress lead: a 300 px sidebar cuts the description, whose author and age the tooltip repeats.
  // A warning's mark ends the label, where a 300 px row still shows it ("awaiting you · 0/2 · ⚠ superseded"); an
  // overdue mark leads it ("overdue · awaiting you · 0/2").
  const warnings = warningsOf(node);
  const marks = warningMarks(warnings);
  const overdue = ageingNow(node)?.overdue === true;
  const item = new vscode.TreeItem(
    [overdue && OVERDUE_MARK, deploymentRowLabel(view), marks].filter(Boolean).join(' · '),
    vscode.TreeItemCollapsibleState.None,
  );
  item.id = nodeId(node);
  item.description = text(deploymentRowDescription(deployment));
  // The icon is what a cut label still shows: a warning replaces the state's icon, which the label says in words.
  item.iconPath =
    warnings.length > 0
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : overdue
        ? new vscode.ThemeIcon('history', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon(deploymentIcon(view));
  item.tooltip = deploymentTooltip(node);
  // Said once each: state, approvals and author (the facts), warnings, then commit and age (not the description,
  // which repeats the number, ref and author).
  const heard = [
    overdue && OVERDUE_MARK,
    ...deploymentFacts(view),
    marks,
    `commit ${deployment.sha.slice(0, 8)}`,
    timeAgo(deployment.created_at),
  ];
  item.accessibilityInformation = {
    label: text(
      `Deployment ${numberText(deployment.iid)} of ${deployment.ref} to ${deployment.environment.name}: ${heard.filter(Boolean).join(' · ')}`,
    ),
  };
  item.contextValue = tags('deployment', ...deploymentCapabilities(view, project.accessLevel), 'hasWebUrl');
  // A click or Enter opens the deployment's page (what is shipped, and the decision). No arguments: VS Code keeps a
  // tree item command's arguments in a cache it drops when the rows are refreshed (every action, every poll), and a
  // click meanwhile failed with "Actual command not found". The command opens the row the click selected.
  item.command = { command: COMMANDS.openSelectedDeployment, title: vscode.l10n.t('Show Deployment') };
  return item;
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

/** A `;`-separated tag list, matched in package.json menus with `viewItem =~ /(^|;)tag(;|$)/`. */
function tags(...values: (string | false)[]): string {
  return values.filter(Boolean).join(';');
}
