// Finding the deployment a tool call names, in the engine's snapshot: the one place a model-supplied id becomes data
// of our own. Everything a tool shows or acts on is read from what this returns, never from the model's input.

import { InvalidInputError } from '../errors';
import { deploymentKey, findDeployment, type LocatedDeployment, type Snapshot } from '../refresh/snapshot';

/** The id a tool result gives a deployment, and the only id the tools accept: stable across polls and instances. */
export function deploymentToolId(located: LocatedDeployment): string {
  return deploymentKey(located.view);
}

/** The deployment with this id; a clear error, naming no GitLab data, when the snapshot has none. */
export function locateDeployment(snapshot: Snapshot, id: string): LocatedDeployment {
  const found = findDeployment(snapshot, id);
  if (found) return found;
  throw new InvalidInputError(
    'deployment',
    'No blocked deployment has this id. It may have been run, rejected or cancelled since; list the deployments again and use an id from that list.',
    `unknown deployment id (${id.length} characters)`,
  );
}
