// How an agent tool's confirmation reads. VS Code 1.96 shows the one message in two renderers: as Markdown in the
// chat, and — when another extension calls the tool outside a chat — as the detail of a modal dialog, where a string
// is shown as typed and a MarkdownString goes through a Markdown-to-plaintext renderer and an HTML sanitiser that
// drops everything after `<style` (docs/agent-tools.md). So the message is a plain string that reads the same in both:
// one fact a line, each line starting with the extension's label; GitLab's and the agent's text quoted, cut, and with
// no character either renderer gives meaning to (inertText); the consequences, in the extension's words, after a
// blank line. Lines end with two spaces: a line break in Markdown, invisible as plain text.
import { inertText } from './untrustedText';

/** A confirmation's facts and consequences, as the agent tools plan them (core/agentTools/plans.ts). */
export interface ConfirmationFact {
  /** The extension's own words. */
  label: string;
  value: string;
  /**
   * Who wrote the value: GitLab's users or the agent (shown quoted and cut, never as markup), or the extension (its
   * own words, checked numbers and the instance the person signed in to).
   */
  source: 'gitlab' | 'agent' | 'extension';
}

export interface Confirmation {
  /** The extension's own words, with no GitLab text (VS Code renders titles as Markdown in chat). */
  title: string;
  facts: ConfirmationFact[];
  /** What happens if the person continues, in the extension's own words. */
  consequences: string[];
}

/**
 * The extension's own words in a confirmation. The core cannot call VS Code's localization, so the agent tools hand
 * the planner these words translated (src/shell/agentTools/confirmationWords.ts); the core's tests read the English.
 */
export interface ConfirmationWords {
  approveTitle: string;
  rejectTitle: string;
  runTitle: string;
  project: string;
  environment: string;
  environmentTier: string;
  ref: string;
  /** Also where the shipping summary goes, after this fact. */
  commit: string;
  deployment: string;
  triggeredBy: string;
  job: string;
  instance: string;
  approvalsSoFar: string;
  /** "1 of 2 (1 still needed)"; the numbers already checked. */
  approvalsCount: (approved: string, required: string, pending: string) => string;
  approvalCountsFor: string;
  comment: string;
  noComment: string;
  whatItShips: string;
  rejectFailsForGood: string;
  rejectionRecorded: string;
  approvalRecorded: string;
  lastApprovalNeeded: string;
  approvingDoesNotRun: string;
  runStartsNow: string;
  deployAccessUnknown: string;
}

export const CONFIRMATION_WORDS: ConfirmationWords = {
  approveTitle: 'Approve this GitLab deployment?',
  rejectTitle: 'Reject this GitLab deployment?',
  runTitle: 'Run this GitLab deployment job?',
  project: 'Project',
  environment: 'Environment',
  environmentTier: 'Environment tier',
  ref: 'Ref',
  commit: 'Commit',
  deployment: 'Deployment',
  triggeredBy: 'Triggered by',
  job: 'Job',
  instance: 'GitLab instance',
  approvalsSoFar: 'Approvals so far',
  approvalsCount: (approved, required, pending) => `${approved} of ${required} (${pending} still needed)`,
  approvalCountsFor: 'Your approval counts for',
  comment: 'Comment, written by the agent, posted under your name',
  noComment: 'none',
  whatItShips: 'What it ships',
  rejectFailsForGood:
    'Rejecting fails the deployment job for good: it cannot be retried, and deploying this change needs a new pipeline.',
  rejectionRecorded: 'The rejection is recorded in GitLab under your name.',
  approvalRecorded: 'The approval is recorded in GitLab under your name.',
  lastApprovalNeeded:
    'Yours would be the last approval needed. Approving does not start the job: it then waits for someone to run it.',
  approvingDoesNotRun:
    'Approving does not start the job: it runs only when every rule has its approvals and someone runs it.',
  runStartsNow: 'This starts the deployment job now, under your name: the change is deployed to the environment.',
  deployAccessUnknown:
    'Whether you are one of the environment’s deployers cannot be checked from here; if you are not, GitLab refuses to run the job.',
};

/** Longest GitLab value a confirmation quotes: longer ones are cut, visibly (names and refs are far shorter). */
const QUOTED_LENGTH = 200;
/** The agent's comment is shown whole: GitLab takes at most 255 characters, and the person signs all of it. */
const COMMENT_LENGTH = 500;
const LINE_BREAK = '  \n';

export function confirmationText(confirmation: Confirmation): string {
  const facts = confirmation.facts.map((fact) => `${fact.label}: ${factValue(fact)}`);
  return `${facts.join(LINE_BREAK)}\n\n${confirmation.consequences.map((c) => inertText(c)).join(LINE_BREAK)}`;
}

function factValue({ value, source }: ConfirmationFact): string {
  if (source === 'extension') return inertText(value);
  const quoted = inertText(value, source === 'agent' ? COMMENT_LENGTH : QUOTED_LENGTH).replace(/[“”]/g, '"');
  return `“${withoutAutolinks(quoted)}”`;
}

/**
 * The chat's Markdown (GitHub-flavoured) makes a link of a bare URL, `www.` name or e-mail address; in quoted text a
 * look-alike breaks each (`https∶//`, `www․`, `a＠b.c`), so what GitLab wrote stays text there too.
 */
function withoutAutolinks(text: string): string {
  return text
    .replace(/(?<=\b(?:https?|ftp)):(?=\/\/)/gi, '\u2236')
    .replace(/\b(www)\./gi, '$1\u2024')
    .replace(/(?<=[\w.+-])@(?=[\w-]+\.[\w-])/g, '\uff20');
}
