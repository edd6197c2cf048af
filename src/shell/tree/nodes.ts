import { canChangeRequiredApprovals, neededFromMe } from '../../core/actions/availableActions';
import { deploymentWebUrl, environmentWebUrl } from '../../core/gitlab/webUrls';
import type {
  DeploymentView,
  EnvironmentView,
  InstanceView,
  LocatedDeployment,
  ProjectView,
  Snapshot,
} from '../../core/refresh/snapshot';

export type TreeFilter = 'awaitingMe' | 'allBlocked';

export type InstanceNode = { type: 'instance'; instance: InstanceView };
export type ProjectNode = { type: 'project'; instance: InstanceView; project: ProjectView };
export type EnvironmentNode = {
  type: 'environment';
  instance: InstanceView;
  project: ProjectView;
  environment: EnvironmentView;
};
/** `deployment` is GitLab's deployment; `view` is what the extension knows of it (state, progress, eligibility). */
export type DeploymentNode = { type: 'deployment' } & LocatedDeployment;
export type TreeNode = InstanceNode | ProjectNode | EnvironmentNode | DeploymentNode;

/** The row of a deployment found in the snapshot (`findDeployment`). */
export function deploymentNode(located: LocatedDeployment): DeploymentNode {
  return { type: 'deployment', ...located };
}

export interface TreeShapeOptions {
  /**
   * Also show protected environments with nothing waiting whose approvals the user may change (they asked to see
   * them, or a command looks for an environment to configure).
   */
  showIdleEnvironments?: boolean;
  /** Whether a deployment waited past its environment's threshold (shell/overdue.ts); overdue rows come first. */
  isOverdue?: (located: Pick<LocatedDeployment, 'environment' | 'view'>) => boolean;
}

/**
 * Which rows the tree shows, for one filter. Empty branches are pruned so the tree never shows dead ends; within an
 * environment, what awaits the user comes first.
 */
export class TreeShape {
  /**
   * One object per row: VS Code keeps the tree's elements by identity, so the same row asked for twice (children,
   * parent, a reveal) must be the same object, or VS Code may not find it ("Data tree node not found").
   */
  private readonly rows = new Map<string, TreeNode>();
  /** Each is worked out once per shape (a shape is one snapshot's, which never changes): the update reads them often. */
  private readonly projectsOf = new Map<InstanceView, ProjectNode[]>();
  /** Instance → project → its environment rows (the rows name their instance; a project view may be shared). */
  private readonly environmentsOf = new Map<InstanceView, Map<ProjectView, EnvironmentNode[]>>();
  private readonly shownIn = new Map<EnvironmentView, DeploymentView[]>();
  private readonly ranks = new Map<EnvironmentView, number>();
  private visible?: DeploymentNode[];

  constructor(
    private readonly snapshot: Snapshot,
    readonly filter: TreeFilter,
    private readonly options: TreeShapeOptions = {},
  ) {}

  roots(): TreeNode[] {
    const instances = this.snapshot.instances;
    if (instances.length === 1) return this.projects(instances[0]).map((row) => this.row(row));
    return instances.map((instance) => this.row({ type: 'instance', instance }));
  }

  children(node: TreeNode): TreeNode[] {
    return this.childrenOf(node).map((row) => this.row(row));
  }

  parent(node: TreeNode): TreeNode | undefined {
    const parent = this.parentOf(node);
    return parent && this.row(parent);
  }

  private row<T extends TreeNode>(node: T): T {
    const id = nodeId(node);
    const known = this.rows.get(id);
    if (known) return known as T;
    this.rows.set(id, node);
    return node;
  }

  private childrenOf(node: TreeNode): TreeNode[] {
    switch (node.type) {
      case 'instance':
        return this.projects(node.instance);
      case 'project':
        return this.environments(node.instance, node.project);
      case 'environment':
        return this.deployments(node.project, node.environment).map((view) => ({
          ...node,
          type: 'deployment',
          view,
          deployment: view.deployment,
        }));
      case 'deployment':
        return [];
    }
  }

  private parentOf(node: TreeNode): TreeNode | undefined {
    const instanceParent =
      this.snapshot.instances.length > 1 ? ({ type: 'instance', instance: node.instance } as const) : undefined;
    switch (node.type) {
      case 'instance':
        return undefined;
      case 'project':
        return instanceParent;
      case 'environment':
        return { type: 'project', instance: node.instance, project: node.project };
      case 'deployment':
        return { type: 'environment', instance: node.instance, project: node.project, environment: node.environment };
    }
  }

  /** Every deployment row the filter shows. */
  visibleDeployments(): DeploymentNode[] {
    return (this.visible ??= this.snapshot.instances.flatMap((instance) =>
      this.projects(instance).flatMap((project) =>
        this.children(project).flatMap((environment) => this.children(environment) as DeploymentNode[]),
      ),
    ));
  }

  // Projects and environments with something overdue or for the user come first (sure, then "may"), each group in GitLab's
  // order: the default filter shows everything blocked, and what the person came for must not sit below the rest.
  private projects(instance: InstanceView): ProjectNode[] {
    const known = this.projectsOf.get(instance);
    if (known) return known;
    const rank = (project: ProjectView) => Math.max(0, ...project.environments.map((e) => this.rankOf(project, e)));
    const projects = sortedBy(instance.projects, rank)
      .map((project): ProjectNode => ({ type: 'project', instance, project }))
      .filter((node) => node.project.error !== undefined || this.environments(instance, node.project).length > 0);
    this.projectsOf.set(instance, projects);
    return projects;
  }

  private environments(instance: InstanceView, project: ProjectView): EnvironmentNode[] {
    const ofInstance = this.environmentsOf.get(instance) ?? new Map<ProjectView, EnvironmentNode[]>();
    this.environmentsOf.set(instance, ofInstance);
    const known = ofInstance.get(project);
    if (known) return known;
    const environments = sortedBy(project.environments, (environment) => this.rankOf(project, environment))
      .filter(
        (environment) =>
          this.deployments(project, environment).length > 0 ||
          (this.options.showIdleEnvironments === true && canChangeRequiredApprovals(project, environment)),
      )
      .map((environment): EnvironmentNode => ({ type: 'environment', instance, project, environment }));
    ofInstance.set(project, environments);
    return environments;
  }

  /** The highest rank of the environment's deployments (`rowRank`). */
  private rankOf(project: ProjectView, environment: EnvironmentView): number {
    let rank = this.ranks.get(environment);
    if (rank === undefined) {
      rank = Math.max(0, ...environment.deployments.map((d) => this.rowRank(project, environment, d)));
      this.ranks.set(environment, rank);
    }
    return rank;
  }

  /**
   * Overdue first (3 added: it has waited longer than the person allows, whoever it waits for), then 2: surely for the
   * user (to approve or to run), 1: may be, 0: nothing.
   */
  private rowRank(project: ProjectView, environment: EnvironmentView, view: DeploymentView): number {
    const overdue = this.options.isOverdue?.({ environment, view }) === true;
    return (overdue ? 3 : 0) + rankForMe(view, project.accessLevel);
  }

  private deployments(project: ProjectView, environment: EnvironmentView): DeploymentView[] {
    const known = this.shownIn.get(environment);
    if (known) return known;
    const shown =
      this.filter === 'awaitingMe'
        ? environment.deployments.filter((d) => neededFromMe(d, project.accessLevel) !== undefined)
        : environment.deployments;
    // GitLab's order (newest first) is kept within each group: what is overdue, then what surely needs the user (to
    // approve or to run), then "may", then the rest — the same rank that orders projects and environments.
    const sorted = sortedBy(shown, (d) => this.rowRank(project, environment, d));
    this.shownIn.set(environment, sorted);
    return sorted;
  }
}

function rankForMe(view: DeploymentView, accessLevel: number): number {
  const needed = neededFromMe(view, accessLevel);
  return needed === 'mayApprove' ? 1 : needed ? 2 : 0;
}

/** Highest rank first; a stable sort, so equal ranks keep their order. */
function sortedBy<T>(items: readonly T[], rank: (item: T) => number): T[] {
  return [...items].sort((a, b) => rank(b) - rank(a));
}

export function nodeId(node: TreeNode): string {
  const base = node.instance.instanceUrl;
  switch (node.type) {
    case 'instance':
      return base;
    case 'project':
      return `${base}#${node.project.project.id}`;
    case 'environment':
      return `${base}#${node.project.project.id}#env:${node.environment.name}`;
    case 'deployment':
      return `${base}#${node.project.project.id}#deployment:${node.deployment.id}`;
  }
}

/** The row's page in GitLab, as GitLab gave it (checked before it is opened or copied). */
export function webUrl(node: TreeNode): string {
  switch (node.type) {
    case 'instance':
      return node.instance.instanceUrl;
    case 'project':
      return node.project.project.web_url;
    case 'environment':
      return environmentWebUrl(node.project.project, node.environment.id);
    case 'deployment':
      return deploymentWebUrl(node.project.project, node.deployment);
  }
}
