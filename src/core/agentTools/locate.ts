// Finding the deployment a tool call names, in the engine's snapshot: the one place a model-supplied id becomes data
// of our own. Everything a tool shows or acts on is read from what this returns, never from the model's input.

import { InvalidInputError } from '../errors';
import type { DeploymentListItem } from '../gitlab/types';
import {
  deploymentKey,
  type DeploymentView,
  type EnvironmentView,
  type InstanceView,
  type ProjectView,
  type Snapshot,
} from '../refresh/snapshot';

/** A blocked deployment with where it sits: `deployment` is GitLab's, `view` what the extension derived of it. */
export interface LocatedDeployment {
  instance: InstanceView;
  project: ProjectView;
  environment: EnvironmentView;
  view: DeploymentView;
  deployment: DeploymentListItem;
}

/** Every blocked deployment in the snapshot, with its instance, project and environment. */
export function locatedDeployments(snapshot: Snapshot): LocatedDeployment[] {
  return snapshot.instances.flatMap((instance) =>
    instance.projects.flatMap((project) =>
      project.environments.flatMap((environment) =>
        environment.deployments.map((view) => ({ instance, project, environment, view, deployment: view.deployment })),
      ),
    ),
  );
}

/** The id a tool result gives a deployment, and the only id the tools accept: stable across polls and instances. */
export function deploymentToolId(located: LocatedDeployment): string {
  return deploymentKey(located.view);
}

/** The deployment with this id; a clear error, naming no GitLab data, when the snapshot has none. */
export function locateDeployment(snapshot: Snapshot, id: string): LocatedDeployment {
  const found = locatedDeployments(snapshot).find((located) => deploymentToolId(located) === id);
  if (found) return found;
  throw new InvalidInputError(
    'deployment',
    'No blocked deployment has this id. It may have been run, rejected or cancelled since; list the deployments again and use an id from that list.',
    `unknown deployment id (${id.length} characters)`,
  );
}
