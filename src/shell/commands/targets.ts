import * as vscode from 'vscode';
import type { RefreshEngine } from '../../core/refresh/engine';
import { TreeShape, type DeploymentNode, type EnvironmentNode, type TreeNode } from '../tree/nodes';
import { availableDeploymentActions, type DeploymentAction } from '../../core/actions/availableActions';
import { deploymentFacts, deploymentIcon, deploymentTitle, warningMarks } from '../../core/presentation';
import { pickMany, pickOne, showInfo, type PickItem } from '../presentation/ui';
import { briefSummaryOf, warningsOf } from '../deploymentPage/briefs';

/**
 * The deployments a command acts on: the clicked row, or every selected row when the click was part of a multi-select
 * (VS Code passes both), or — from the command palette — the user's pick.
 */
export async function deploymentTargets(
  engine: RefreshEngine,
  clicked: TreeNode | undefined,
  selected: readonly TreeNode[] | undefined,
  pick: { title: string; canPickMany: boolean; include: (node: DeploymentNode) => boolean },
): Promise<DeploymentNode[]> {
  if (clicked?.type === 'deployment') {
    const many = selected?.filter((n): n is DeploymentNode => n.type === 'deployment') ?? [];
    return many.length > 1 && many.some((n) => n.view === clicked.view) ? many : [clicked];
  }
  const candidates = new TreeShape(engine.snapshot(), 'allBlocked').visibleDeployments().filter(pick.include);
  if (candidates.length === 0) {
    void showInfo(vscode.l10n.t('No deployment qualifies for this action right now.'));
    return [];
  }
  const items = candidates.map((node) => ({ ...deploymentPickItem(node), node }));
  if (pick.canPickMany) {
    const chosen = await pickMany(items, { title: pick.title, matchOnDescription: true, matchOnDetail: true });
    return chosen.map((item) => item.node);
  }
  const chosen = await pickOne(items, {
    title: pick.title,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return chosen ? [chosen.node] : [];
}

export async function environmentTarget(
  engine: RefreshEngine,
  clicked: TreeNode | undefined,
  include: (node: EnvironmentNode) => boolean,
): Promise<EnvironmentNode | undefined> {
  if (clicked?.type === 'environment') return clicked;
  // Environments with nothing waiting are read on demand: read them before offering the choice.
  await engine.loadEnvironments();
  const shape = new TreeShape(engine.snapshot(), 'allBlocked', { showIdleEnvironments: true });
  const environments = shape.roots().flatMap(function walk(node): TreeNode[] {
    return [node, ...shape.children(node).flatMap(walk)];
  });
  const candidates = environments.filter((n): n is EnvironmentNode => n.type === 'environment' && include(n));
  if (candidates.length === 0) {
    void showInfo(
      vscode.l10n.t(
        'No environment whose approvals you can change was found. Changing them needs the Maintainer role on a protected environment.',
      ),
    );
    return undefined;
  }
  const chosen = await pickOne(
    candidates.map((node) => ({
      icon: 'shield',
      label: node.environment.name,
      description: node.project.project.path_with_namespace,
      node,
    })),
    { title: vscode.l10n.t('Set required approvals for which environment?') },
  );
  return chosen?.node;
}

export function deploymentPickItem(node: DeploymentNode): PickItem {
  return {
    icon: deploymentIcon(node.view),
    label: deploymentTitle(node.deployment),
    description: node.project.project.path_with_namespace,
    detail: [warningMarks(warningsOf(node)), ...deploymentFacts(node.view), briefSummaryOf(node.view)]
      .filter(Boolean)
      .join(' · '),
  };
}

/** Whether the user can take this action on the deployment (the same rule the tree's menus follow). */
export function can(node: DeploymentNode, action: DeploymentAction): boolean {
  return availableDeploymentActions(node.view, node.project.accessLevel).includes(action);
}
