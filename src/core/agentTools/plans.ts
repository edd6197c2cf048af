// What a write tool would do, and what a person is asked before it happens. Every fact in a confirmation is read from
// the engine's snapshot for the deployment the id names — never from the model's text — so a call whose wording
// claims one deployment while its id names another shows the other. The one piece of model text shown is the comment
// that would be posted under the user's name, labelled as such. How a confirmation is shown (one fact a line, GitLab's
// text quoted) is core/presentation/confirmations.ts.

import { ruleHumanize } from '../approvals/rules';
import type { DeploymentTarget, JobTarget } from '../actions/deploymentActions';
import { runQuestion, type RunWarning } from '../actions/runConfirmation';
import { InvalidInputError } from '../errors';
import { numberText } from '../presentation/untrustedText';
import { refusalReason, type IneligibilityText } from './availability';
import type { DecideInput } from './input';
import type { LocatedDeployment } from '../refresh/snapshot';

export type { Confirmation, ConfirmationFact, ConfirmationWords } from '../presentation/confirmations';
import {
  CONFIRMATION_WORDS,
  type Confirmation,
  type ConfirmationFact,
  type ConfirmationWords,
} from '../presentation/confirmations';

export type PlannedAction =
  | {
      kind: 'decide';
      target: DeploymentTarget;
      status: 'approved' | 'rejected';
      comment?: string;
      representedAs?: string;
    }
  | { kind: 'run'; target: JobTarget };

export type WritePlan =
  { kind: 'refused'; reason: string } | { kind: 'confirm'; action: PlannedAction; confirmation: Confirmation };

/** `words` are the extension's words of the confirmation, translated by the shell (English by default). */
export function planDecision(
  located: LocatedDeployment,
  input: DecideInput,
  explain: IneligibilityText,
  words: ConfirmationWords = CONFIRMATION_WORDS,
): WritePlan {
  const reason = refusalReason(located, input.decision, explain);
  if (reason) return { kind: 'refused', reason };
  const target = targetOf(located);
  if (input.decision === 'reject') {
    return {
      kind: 'confirm',
      action: { kind: 'decide', target, status: 'rejected', comment: input.comment },
      confirmation: {
        title: words.rejectTitle,
        facts: [...identity(located, words), ...approvalFacts(located, words), commentFact(input.comment, words)],
        consequences: [words.rejectFailsForGood, words.rejectionRecorded],
      },
    };
  }
  const rule = chooseRule(located, input.rule);
  if (rule.kind === 'refused') return rule;
  const pending = located.view.progress?.totalPending ?? 0;
  return {
    kind: 'confirm',
    action: { kind: 'decide', target, status: 'approved', comment: input.comment, representedAs: rule.representedAs },
    confirmation: {
      title: words.approveTitle,
      facts: [
        ...identity(located, words),
        ...approvalFacts(located, words),
        ...(rule.label ? [gitlabFact(words.approvalCountsFor, rule.label)] : []),
        commentFact(input.comment, words),
      ],
      consequences: [words.approvalRecorded, pending === 1 ? words.lastApprovalNeeded : words.approvingDoesNotRun],
    },
  };
}

/** The run question's warnings (core/actions/runConfirmation.ts), as the chat confirmation says them. */
const RUN_WARNING_TEXT: Record<RunWarning, (words: ConfirmationWords) => string> = {
  'deploy-access-unknown': (words) => words.deployAccessUnknown,
};

export function planRun(
  located: LocatedDeployment,
  explain: IneligibilityText,
  words: ConfirmationWords = CONFIRMATION_WORDS,
): WritePlan {
  const reason = refusalReason(located, 'run', explain);
  const job = located.deployment.deployable;
  const question = runQuestion(located, located.view.deployAccess);
  if (reason || !job || !question) return { kind: 'refused', reason: reason ?? 'This deployment has no job to run.' };
  const consequences = [words.runStartsNow, ...question.warnings.map((warning) => RUN_WARNING_TEXT[warning](words))];
  return {
    kind: 'confirm',
    action: { kind: 'run', target: { projectId: located.project.project.id, jobId: job.id } },
    confirmation: {
      title: words.runTitle,
      facts: [...identity(located, words), ...approvalFacts(located, words)],
      consequences,
    },
  };
}

/**
 * The confirmation with the one-line summary of what the deployment ships (briefSummary of a brief the extension
 * already built; the tools never build one to ask), after the commit. It is not part of the plan's fingerprint: a
 * brief read while the person decides does not void their confirmation.
 */
export function withShippingSummary(
  confirmation: Confirmation,
  summary: string | undefined,
  words: ConfirmationWords = CONFIRMATION_WORDS,
): Confirmation {
  if (summary === undefined) return confirmation;
  const facts = [...confirmation.facts];
  const after = facts.findIndex((f) => f.label === words.commit) + 1;
  facts.splice(after, 0, { label: words.whatItShips, value: summary, source: 'extension' });
  return { ...confirmation, facts };
}

/** A stable fingerprint of what the person was shown and what would be done, to check nothing changed in between. */
export function planFingerprint(plan: WritePlan): string {
  return JSON.stringify(plan);
}

/** Each piece of GitLab text is a fact of its own, so none can pass for the extension's words beside it. */
function identity(
  { instance, project, environment, deployment }: LocatedDeployment,
  words: ConfirmationWords,
): ConfirmationFact[] {
  const job = deployment.deployable;
  const commit = job?.commit?.title ? `${deployment.sha.slice(0, 8)} ${job.commit.title}` : deployment.sha.slice(0, 8);
  return [
    gitlabFact(words.project, project.project.path_with_namespace),
    gitlabFact(words.environment, environment.name),
    ...(environment.tier ? [gitlabFact(words.environmentTier, environment.tier)] : []),
    gitlabFact(words.ref, deployment.ref),
    gitlabFact(words.commit, commit),
    { label: words.deployment, value: `#${numberText(deployment.iid)}`, source: 'extension' },
    ...(deployment.user ? [gitlabFact(words.triggeredBy, `@${deployment.user.username}`)] : []),
    ...(job ? [gitlabFact(words.job, job.name)] : []),
    { label: words.instance, value: instance.instanceUrl, source: 'extension' },
  ];
}

function approvalFacts({ view }: LocatedDeployment, words: ConfirmationWords): ConfirmationFact[] {
  const progress = view.progress;
  if (!progress || progress.totalRequired === 0) return [];
  const [approved, required, pending] = [progress.totalApproved, progress.totalRequired, progress.totalPending].map(
    numberText,
  );
  return [
    { label: words.approvalsSoFar, value: words.approvalsCount(approved, required, pending), source: 'extension' },
  ];
}

function commentFact(comment: string | undefined, words: ConfirmationWords): ConfirmationFact {
  const label = words.comment;
  return comment === undefined
    ? { label, value: words.noComment, source: 'extension' }
    : { label, value: comment, source: 'agent' };
}

function gitlabFact(label: string, value: string): ConfirmationFact {
  return { label, value, source: 'gitlab' };
}

function targetOf(located: LocatedDeployment): DeploymentTarget {
  return { projectId: located.project.project.id, deploymentId: located.deployment.id };
}

type RuleChoice = { kind: 'chosen'; representedAs?: string; label?: string } | { kind: 'refused'; reason: string };

/**
 * The rule an approval counts for. With several rules to choose from the user must name one (the tree asks the same
 * question); with one it is named for them; with none, GitLab picks it and `rule` may only repeat its name.
 */
function chooseRule(located: LocatedDeployment, rule: string | undefined): RuleChoice {
  const eligibility = located.view.eligibility;
  const choices = eligibility?.representedAsChoices ?? [];
  if (choices.length > 1) {
    if (rule === undefined) {
      return {
        kind: 'refused',
        reason:
          'You are in several approval rules of this deployment: ask the user which one this approval counts for, and pass it as rule (the brief tool lists them under you.gitlab.ruleChoices).',
      };
    }
    if (!choices.includes(rule)) {
      throw new InvalidInputError(
        'rule',
        'rule must be one of the names the brief tool lists under you.gitlab.ruleChoices, exactly as written.',
      );
    }
    return { kind: 'chosen', representedAs: rule, label: rule };
  }
  // As the tree does, a single choice is named: beside a rule the user only may match (a group-level role rule),
  // GitLab could otherwise count the approval there.
  if (choices.length === 1) {
    if (rule !== undefined && rule !== choices[0]) {
      throw new InvalidInputError(
        'rule',
        'You can approve this deployment under one rule only: leave rule out and it counts there.',
      );
    }
    return { kind: 'chosen', representedAs: choices[0], label: choices[0] };
  }
  // Nothing is sent with no choice; the rule is named only when it is certain.
  const matching = eligibility?.matchingRules ?? [];
  const only = matching.length === 1 ? (ruleHumanize(matching[0]) ?? undefined) : undefined;
  if (rule !== undefined && rule !== only && !choices.includes(rule)) {
    throw new InvalidInputError(
      'rule',
      'You can approve this deployment under one rule only: leave rule out and GitLab counts the approval there.',
    );
  }
  return { kind: 'chosen', label: only };
}
