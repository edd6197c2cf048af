// What GitLab answered to the user's approvals, where the client's own rules could not know it beforehand, laid over each
// snapshot the engine builds (kept for the engine's lifetime; a restart asks GitLab again):
// - a refusal under a rule the user only *may* match (issue 18): that rule is no longer offered nor counted;
// - an approval answered 201 but not counted (actions/approvalCheck.ts): before 16.10 GitLab keeps one approval per
//   person, so the deployment no longer awaits the user; since, GitLab keys by rule, so it no longer awaits them while
//   every rule name they could send is one GitLab did not count (two rules of one name: a name resolves to the first);
// - a Run GitLab refused (403: not one of the deployers, which a Developer cannot read beforehand): Run is no longer
//   offered nor counted there.

import { myApprovalRules } from '../actions/approvalRules';
import type { ApprovalEligibility } from '../approvals/eligibility';
import { deploymentKey, type DeploymentView, type InstanceView, type ProjectView } from './snapshot';

export interface ApprovalRefusal {
  /** The rules the user only may match that GitLab refused the approval under. */
  ruleIds: ReadonlySet<number>;
  /** GitLab's own words (hostile text: shown only through the presentation's escaping). */
  reason: string;
}

export class ApprovalAnswers {
  private readonly byDeployment = new Map<string, ApprovalRefusal>();
  /**
   * `<deployment key>@<user id>` of approvals GitLab answered without counting them: `every` (one approval per person),
   * or the `represented_as` names sent ('' for none).
   */
  private readonly notCounted = new Map<string, 'every' | Set<string>>();
  /** `<deployment key>@<user id>` of jobs GitLab refused (403) to run for the user. */
  private readonly runRefused = new Set<string>();
  /**
   * Each project view as shown, by the view the session built: the same input gives the same object, so an unchanged
   * poll changes nothing the tree compares (a new refusal starts afresh).
   */
  private applied = new WeakMap<ProjectView, ProjectView>();

  /** Remembers that GitLab refused the user's approval of this deployment under these rules. */
  remember(view: Pick<DeploymentView, 'instanceUrl' | 'projectId' | 'deployment'>, ruleIds: number[], reason: string) {
    const key = deploymentKey(view);
    const before = this.byDeployment.get(key)?.ruleIds ?? [];
    this.byDeployment.set(key, { ruleIds: new Set([...before, ...ruleIds]), reason });
    this.applied = new WeakMap();
  }

  /**
   * Remembers that GitLab answered this user's approval of the deployment with 201 and counted nothing: any approval
   * (`every`), or one sent under these rule names ('' for none).
   */
  rememberNotCounted(
    view: Pick<DeploymentView, 'instanceUrl' | 'projectId' | 'deployment'>,
    userId: number,
    names: 'every' | readonly string[],
  ) {
    const key = `${deploymentKey(view)}@${userId}`;
    const before = this.notCounted.get(key);
    if (names === 'every' || before === 'every') this.notCounted.set(key, 'every');
    else this.notCounted.set(key, new Set([...(before ?? []), ...names]));
    this.applied = new WeakMap();
  }

  /** Whether approving again could count: false once GitLab counted none of the names the user could send. */
  private approvingCounts(view: DeploymentView, userId: number | undefined): boolean {
    const uncounted = this.notCounted.get(`${deploymentKey(view)}@${userId}`);
    if (!uncounted) return true;
    if (uncounted === 'every') return false;
    return myApprovalRules(view).some((rule) => !uncounted.has(rule.name ?? ''));
  }

  /** Remembers that GitLab refused (403) to run this deployment's job for this user. */
  rememberRunRefused(view: Pick<DeploymentView, 'instanceUrl' | 'projectId' | 'deployment'>, userId: number) {
    this.runRefused.add(`${deploymentKey(view)}@${userId}`);
    this.applied = new WeakMap();
  }

  /** The instance's views with GitLab's answers laid over them; the very same objects where none applies. */
  apply(instance: InstanceView): InstanceView {
    if (this.byDeployment.size === 0 && this.notCounted.size === 0 && this.runRefused.size === 0) return instance;
    const userId = instance.user?.id;
    const projects = instance.projects.map((project) => this.applyToProject(project, userId));
    return projects.every((project, i) => project === instance.projects[i]) ? instance : { ...instance, projects };
  }

  private applyToProject(project: ProjectView, userId: number | undefined): ProjectView {
    const answered = (view: DeploymentView): DeploymentView => {
      const refusal = this.byDeployment.get(deploymentKey(view));
      const shown = refusal ? withoutRefused(view, refusal) : view;
      const awaits = shown.awaitingMe || shown.mayAwaitMe;
      const counted =
        awaits && !this.approvingCounts(shown, userId) ? { ...shown, awaitingMe: false, mayAwaitMe: false } : shown;
      return this.runRefused.has(`${deploymentKey(view)}@${userId}`)
        ? { ...counted, runRefusedByGitLab: true }
        : counted;
    };
    const applies = (view: DeploymentView) =>
      this.byDeployment.has(deploymentKey(view)) ||
      ((view.awaitingMe || view.mayAwaitMe) && this.notCounted.has(`${deploymentKey(view)}@${userId}`)) ||
      this.runRefused.has(`${deploymentKey(view)}@${userId}`);
    if (!project.environments.some((e) => e.deployments.some(applies))) return project;
    let shown = this.applied.get(project);
    if (!shown) {
      shown = {
        ...project,
        environments: project.environments.map((environment) => ({
          ...environment,
          deployments: environment.deployments.map(answered),
        })),
      };
      this.applied.set(project, shown);
    }
    return shown;
  }
}

/**
 * A deployment's view once GitLab refused the user's approval under some rules they may match: those rules are no
 * longer choices; with nothing left to approve under, the user cannot approve (and, with no rule they surely match,
 * not reject either: GitLab checks the same permission), and it no longer awaits them.
 */
export function withoutRefused(view: DeploymentView, refusal: ApprovalRefusal): DeploymentView {
  const before = view.eligibility;
  if (!before?.canApprove) return view;
  const kept = <T extends { id: number }>(rule: T) => !refusal.ruleIds.has(rule.id);
  const ruleChoices = before.ruleChoices.filter((choice) => kept(choice.rule));
  const possibleRules = before.possibleRules.filter(kept);
  let eligibility: ApprovalEligibility;
  if (ruleChoices.length === 0) {
    const canReject = before.canReject && (before.matchingRules.length > 0 || possibleRules.length > 0);
    const { rejectReason } = before;
    eligibility = {
      ...before,
      canApprove: false,
      canReject,
      uncertain: false,
      reason: 'refused-by-gitlab',
      ...(canReject ? rejectReason !== undefined && { rejectReason } : { rejectReason: 'refused-by-gitlab' }),
      possibleRules,
      ruleChoices: [],
      representedAsChoices: [],
    };
  } else {
    const uncertain = !ruleChoices.some((choice) => choice.certain);
    const { reason: _, ...rest } = before;
    eligibility = {
      ...rest,
      uncertain,
      ...(uncertain && { reason: 'may-match-group-rule' }),
      possibleRules,
      ruleChoices,
      representedAsChoices: ruleChoices.flatMap((choice) => (choice.name === undefined ? [] : [choice.name])),
    };
  }
  const waitingForMe = view.state === 'waiting-for-approval' && eligibility.canApprove;
  return {
    ...view,
    eligibility,
    approvalRefusedBecause: refusal.reason,
    awaitingMe: waitingForMe && !eligibility.uncertain,
    mayAwaitMe: waitingForMe && eligibility.uncertain,
  };
}
