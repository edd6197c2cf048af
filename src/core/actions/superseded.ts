// Reject Superseded: which blocked deployments of an environment a newer one supersedes, and which of them the user may
// reject. GitLab never cancels an outdated blocked deployment (gitlab-org/gitlab#395775): they wait until someone rejects
// them. "Superseded" is the one rule of the row's mark (core/presentation/deploymentWarnings.ts, knownWarnings): a newer
// deployment of the same environment waits, is queued or runs. The newest is never in the set.

import { SUPERSEDING_STATUSES } from '../brief/warnings';
import { knownWarnings } from '../presentation/deploymentWarnings';
import type { EnvironmentView, InstanceView, LocatedDeployment, ProjectView } from '../refresh/snapshot';
import { availableDeploymentActions } from './availableActions';

export interface SupersededSet {
  /** Superseded and the user may reject them now, oldest first: what Reject Superseded would reject. */
  toReject: LocatedDeployment[];
  /** Superseded, but Reject is not the user's to take (not in a rule, already decided, not waiting for approval). */
  leftAlone: LocatedDeployment[];
  /** The newest deployment of the environment that waits (or is queued or runs): it stays. */
  newest?: LocatedDeployment;
}

/** The environment's superseded deployments as the snapshot shows them. */
export function supersededSet(where: {
  instance: InstanceView;
  project: ProjectView;
  environment: EnvironmentView;
}): SupersededSet {
  const { instance, project, environment } = where;
  const located = environment.deployments
    .map((view): LocatedDeployment => ({ instance, project, environment, view, deployment: view.deployment }))
    .sort((a, b) => a.deployment.id - b.deployment.id);
  const superseded = located.filter((d) => knownWarnings(d).some((warning) => warning.kind === 'superseded'));
  const rejectable = (d: LocatedDeployment) =>
    availableDeploymentActions(d.view, project.accessLevel).includes('reject');
  return {
    toReject: superseded.filter(rejectable),
    leftAlone: superseded.filter((d) => !rejectable(d)),
    newest: located.filter((d) => !superseded.includes(d) && SUPERSEDING_STATUSES.has(d.deployment.status)).at(-1),
  };
}
