// Reject Superseded…: every older blocked deployment of an environment that a newer one supersedes, rejected with one
// comment after one modal that lists exactly them; each goes through the action runner like any other reject, and one
// summary says what was rejected and what GitLab refused. Nothing is sent for a deployment the modal did not list.
import * as vscode from 'vscode';
import { actOnDeployment } from '../../core/actions/runner';
import { supersededSet } from '../../core/actions/superseded';
import { numberText, shortenMiddle, timeAgo } from '../../core/presentation';
import type { EnvironmentView, InstanceView, LocatedDeployment, ProjectView } from '../../core/refresh/snapshot';
import { askModal, pickOne, showInfo, withNotificationProgress } from '../presentation/ui';
import { TreeShape, type TreeNode } from '../tree/nodes';
import type { CommandContext } from './commandContext';
import { askComment } from './deploymentCommands';
import { signalOf } from './feedback';
import { GatheredOutcomes } from './outcomes';
import type { CommandTable } from './registerCommands';

/** An environment as the commands hold it. */
export interface EnvironmentPlace {
  instance: InstanceView;
  project: ProjectView;
  environment: EnvironmentView;
}

export function supersededCommands(context: CommandContext): Pick<CommandTable, 'rejectSuperseded'> {
  return {
    rejectSuperseded: async (clicked?: TreeNode) => {
      const place =
        clicked?.type === 'environment' || clicked?.type === 'deployment' ? clicked : await pickEnvironment(context);
      if (place) await rejectSuperseded(context, place);
    },
  };
}

/** Whether Reject Superseded has something to reject on this environment (the menu's condition). */
export function hasSupersededToReject(place: EnvironmentPlace): boolean {
  return supersededSet(place).toReject.length > 0;
}

/**
 * Asks for one comment and confirmation of the listed deployments, rejects each through the runner and says one
 * summary; true when at least one was rejected. The command and the deployment page share it.
 */
export async function rejectSuperseded(context: CommandContext, place: EnvironmentPlace): Promise<boolean> {
  const where = `${place.environment.name} (${place.project.project.path_with_namespace})`;
  // As the snapshot has the environment now: a row clicked before a poll may be out of date.
  const { toReject, leftAlone, newest } = supersededSet(currentPlace(context, place) ?? place);
  if (toReject.length === 0) {
    void showInfo(vscode.l10n.t('Nothing superseded on {0} is yours to reject.', where));
    return false;
  }
  const count = toReject.length;
  const comment = await askComment(vscode.l10n.t('Reject {0} superseded deployments of {1}', count, where), true);
  if (comment === undefined) return false;
  const rejectAction = vscode.l10n.t('Reject {0}', count);
  const lines = [
    ...toReject.map((d) => vscode.l10n.t('Reject {0}', deploymentLine(d))),
    ...(newest ? [vscode.l10n.t('Keep {0} (the newest)', deploymentLine(newest))] : []),
    ...(leftAlone.length > 0
      ? [
          vscode.l10n.t(
            'Not rejected (not yours to reject now): {0}',
            leftAlone.map((d) => `#${numberText(d.deployment.iid)}`).join(', '),
          ),
        ]
      : []),
    '',
    vscode.l10n.t(
      'Their jobs will fail for good: a rejected deployment job cannot be retried. A new pipeline is needed to deploy them again.',
    ),
  ];
  const confirmed = await askModal(
    vscode.l10n.t('Reject these {0} superseded deployments of {1}?', count, where),
    lines,
    rejectAction,
    vscode.l10n.t("Don't Reject"),
  );
  if (confirmed !== rejectAction) return false;

  const outcomes = new GatheredOutcomes();
  let rejected = 0;
  await withNotificationProgress(vscode.l10n.t('Rejecting superseded deployments of {0}…', where), async (token) => {
    for (const listed of toReject) {
      const name = `#${numberText(listed.deployment.iid)}`;
      if (token.isCancellationRequested) {
        outcomes.say('warning', vscode.l10n.t('{0}: not sent (cancelled).', name));
        continue;
      }
      const sent = await actOnDeployment(context, listed, { kind: 'reject', comment }, (send) =>
        send({ signal: signalOf(token) }),
      );
      switch (sent.kind) {
        case 'done':
          rejected++;
          context.log.info(`rejected superseded #${listed.deployment.iid} of ${where}`);
          outcomes.say('info', vscode.l10n.t('{0} rejected.', name));
          break;
        case 'refused':
          context.log.info(
            `rejecting superseded #${listed.deployment.iid} of ${where}: GitLab refused: ${sent.error.detail}`,
          );
          // GitLab's own words ("GitLab refused the request: …").
          outcomes.say('warning', vscode.l10n.t('{0}: {1}', name, sent.error.userMessage));
          break;
        case 'busy':
          outcomes.say('warning', vscode.l10n.t('{0}: not sent, another action on it was under way.', name));
          break;
        case 'may-have-gone-through':
        case 'failed':
          outcomes.fail(context.log, vscode.l10n.t('Rejecting {0}', name), sent.error);
          break;
        case 'not-counted': // approvals only
      }
    }
  });
  outcomes.show(vscode.l10n.t('Rejected {0} of {1} superseded deployments of {2}.', rejected, count, where));
  return rejected > 0;
}

/** "#12 main 1a2b3c4d, created 2 days ago by bob": what the modal lists of a deployment. */
function deploymentLine({ deployment }: LocatedDeployment): string {
  const what = `#${numberText(deployment.iid)} ${shortenMiddle(deployment.ref, 24)} ${deployment.sha.slice(0, 8)}`;
  const when = timeAgo(deployment.created_at);
  return deployment.user
    ? vscode.l10n.t('{0}, created {1} by {2}', what, when, deployment.user.username)
    : vscode.l10n.t('{0}, created {1}', what, when);
}

function currentPlace(context: CommandContext, place: EnvironmentPlace): EnvironmentPlace | undefined {
  const instance = context.engine.snapshot().instances.find((i) => i.instanceUrl === place.instance.instanceUrl);
  const project = instance?.projects.find((p) => p.project.id === place.project.project.id);
  const environment = project?.environments.find((e) => e.name === place.environment.name);
  return instance && project && environment ? { instance, project, environment } : undefined;
}

/** From the palette: the environments with something superseded to reject. */
async function pickEnvironment(context: CommandContext): Promise<EnvironmentPlace | undefined> {
  const shape = new TreeShape(context.engine.snapshot(), 'allBlocked');
  const candidates = shape
    .roots()
    .flatMap(function walk(node): TreeNode[] {
      return [node, ...shape.children(node).flatMap(walk)];
    })
    .filter((n): n is Extract<TreeNode, { type: 'environment' }> => n.type === 'environment')
    .map((node) => ({ node, set: supersededSet(node) }))
    .filter(({ set }) => set.toReject.length > 0);
  if (candidates.length === 0) {
    void showInfo(vscode.l10n.t('No environment has superseded deployments that are yours to reject.'));
    return undefined;
  }
  const chosen = await pickOne(
    candidates.map(({ node, set }) => ({
      icon: 'close-all',
      label: node.environment.name,
      description: node.project.project.path_with_namespace,
      detail: vscode.l10n.t('{0} superseded to reject', set.toReject.length),
      node,
    })),
    { title: vscode.l10n.t('Reject the superseded deployments of which environment?') },
  );
  return chosen?.node;
}
