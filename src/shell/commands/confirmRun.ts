// The one run question the person answers before any deployment job starts: Run Deployment Job, Run Now after the last
// approval, Approve and Run, and the deployment page's buttons all ask it here. Its facts come from
// core/actions/runConfirmation.ts (the agent's run tool words the same facts in its chat confirmation). While the
// project has a deploy freeze on, a second question names it (`confirmRunDuringFreeze`); the agent's run tool asks that
// one too, in a modal, before it starts a job.
import * as vscode from 'vscode';
import {
  retryFreeze,
  retryQuestion,
  runFreeze,
  runQuestion,
  type RunFreeze,
  type RunQuestion,
} from '../../core/actions/runConfirmation';
import type { FollowedJob } from '../../core/follow/followedJob';
import type { ProjectFreezes } from '../../core/freezes/deployFreezes';
import type { DeployAccess } from '../../core/approvals/deployAccess';
import { canManageProtectedEnvironments } from '../../core/capabilities';
import { deploymentKey, findDeployment, type LocatedDeployment } from '../../core/refresh/snapshot';
import { knownBriefOf } from '../deploymentPage/briefs';
import { freezeEnforcement } from '../presentation/freezeWords';
import { askModal, showWarning } from '../presentation/ui';
import type { DeploymentNode } from '../tree/nodes';
import type { CommandContext } from './commandContext';

/** What the job would start from: a plain Run, or an approval that runs the job when it is the last one needed. */
export type JobStart = 'run' | 'approve-and-run';

/**
 * Asks "Run the deployment job …?" in a modal naming project, environment, ref and commit, with the deployment's
 * warnings in words; true only when the person chose to go ahead. Someone GitLab would not let deploy is told so and
 * not asked.
 */
export async function confirmRun(context: CommandContext, node: DeploymentNode, start: JobStart): Promise<boolean> {
  const access = await deployAccessOnDemand(context, node);
  if (access === 'denied') {
    void showWarning(
      vscode.l10n.t(
        'You are not one of the deployers of {0} in {1}: GitLab would refuse to run its job.',
        node.environment.name,
        node.project.project.path_with_namespace,
      ),
    );
    return false;
  }
  const question = runQuestion(node, access, knownBriefOf(node.view));
  if (!question) return false;
  const goAhead = start === 'run' ? vscode.l10n.t('Run') : vscode.l10n.t('Approve and Run');
  const chosen = await askModal(
    titleOf(question, start),
    detailOf(question, start),
    goAhead,
    vscode.l10n.t("Don't Run"),
  );
  return chosen === goAhead && (await confirmRunDuringFreeze(node));
}

/**
 * The second question, asked only while the deployment's project has a deploy freeze on: it names the freeze and when
 * it ends, and says that GitLab itself stops the job only where the CI configuration checks `$CI_DEPLOY_FREEZE`. True
 * when no freeze is on, or the person chose to run anyway; "Don't Run" comes first, as in the run question.
 */
export async function confirmRunDuringFreeze(located: LocatedDeployment): Promise<boolean> {
  return askFreezeQuestion(runFreeze(located, Date.now()));
}

/** The second question, naming the freeze; true when none is on. */
async function askFreezeQuestion(freeze: RunFreeze | undefined): Promise<boolean> {
  if (!freeze) return true;
  const goAhead = vscode.l10n.t('Run During the Freeze');
  const chosen = await askModal(freezeTitleOf(freeze), freezeDetailOf(freeze), goAhead, vscode.l10n.t("Don't Run"));
  return chosen === goAhead;
}

/**
 * Retry of a followed job that ended: the same question as Run, with the same words and the same safe default, and
 * during a deploy freeze of its project (as last read) the freeze question too.
 */
export async function confirmRetry(job: FollowedJob, freezes: ProjectFreezes | undefined): Promise<boolean> {
  const question = retryQuestion(job);
  const goAhead = vscode.l10n.t('Run');
  const chosen = await askModal(
    titleOf(question, 'run'),
    detailOf(question, 'run'),
    goAhead,
    vscode.l10n.t("Don't Run"),
  );
  return chosen === goAhead && (await askFreezeQuestion(retryFreeze(job, freezes, Date.now())));
}

/**
 * What the agent's chat confirmation of a run adds while the project has a deploy freeze on (the modal asks again before
 * the job starts); undefined when none is on.
 */
export function runFreezeNote(located: LocatedDeployment): string | undefined {
  const freeze = runFreeze(located, Date.now());
  return freeze && vscode.l10n.t('Warning: {0} You will be asked again before the job starts.', freezeSentence(freeze));
}

/** "The project … has a deploy freeze until Mon 08:00 (Europe/Berlin)." */
function freezeSentence(freeze: RunFreeze): string {
  return freeze.until
    ? vscode.l10n.t(
        'The project {0} has a deploy freeze until {1} ({2}).',
        freeze.project,
        freeze.until.when,
        freeze.until.zone,
      )
    : vscode.l10n.t('The project {0} has a deploy freeze on now.', freeze.project);
}

/** The same for Run and Approve and Run: what is asked is whether the job may start during the freeze. */
function freezeTitleOf(freeze: RunFreeze): string {
  const ask = vscode.l10n.t('Run the deployment job {0} to {1} during the freeze?', freeze.job, freeze.environment);
  return `${freezeSentence(freeze)} ${ask}`;
}

function freezeDetailOf(freeze: RunFreeze): string {
  return [
    vscode.l10n.t(
      'The freeze begins at "{0}" and ends at "{1}" ({2}).',
      freeze.startCron,
      freeze.endCron,
      freeze.timeZone,
    ),
    freezeEnforcement(vscode.l10n),
  ].join('\n\n');
}

function titleOf(question: RunQuestion, start: JobStart): string {
  return start === 'run'
    ? vscode.l10n.t('Run the deployment job {0} to {1} of {2}?', question.job, question.environment, question.project)
    : vscode.l10n.t(
        'Approve and run the deployment job {0} to {1} of {2}?',
        question.job,
        question.environment,
        question.project,
      );
}

function detailOf(question: RunQuestion, start: JobStart): string {
  return [
    start === 'run'
      ? vscode.l10n.t('This deploys {0} ({1}) now.', question.ref, question.commit)
      : vscode.l10n.t(
          'If yours is the last approval needed, the job starts right after it and deploys {0} ({1}).',
          question.ref,
          question.commit,
        ),
    ...question.briefWarnings.map((warning) => vscode.l10n.t('Warning: {0}', warning)),
    ...question.warnings.map(() =>
      vscode.l10n.t(
        'Your access to deploy to {0} cannot be checked from here: if you are not one of its deployers, GitLab refuses to run the job.',
        question.environment,
      ),
    ),
  ].join('\n\n');
}

/**
 * Whether the user may deploy, reading the project's protected environments first where they were not read yet and
 * the user may read them (they are read on demand, not at startup). A failed read leaves it unknown.
 */
async function deployAccessOnDemand(context: CommandContext, node: DeploymentNode): Promise<DeployAccess | undefined> {
  const { view, project } = node;
  if (view.deployAccess !== 'unknown' || project.protectionsRead) return view.deployAccess;
  if (!canManageProtectedEnvironments(project.project, project.accessLevel)) return view.deployAccess;
  try {
    await context.engine.loadProtections(view.instanceUrl, view.projectId);
  } catch (error) {
    context.log.warn(
      `reading the protected environments of ${project.project.path_with_namespace} failed: ${(error as Error).message}`,
    );
  }
  return findDeployment(context.engine.snapshot(), deploymentKey(view))?.view.deployAccess ?? 'unknown';
}
