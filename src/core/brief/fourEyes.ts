// The four-eyes check: does the deployment ship the person's own work? GitLab's only separation-of-duties rule is that
// the pipeline's triggerer may not approve (where the project says so: `allow_pipeline_trigger_approve_deployment`);
// approving a deployment of one's own commits passes it (gitlab-org epic &4180, #201898). This is the extension's own
// check, said as such: the person's addresses (`GET /user` and `GET /user/emails`) against the commit authors of the
// brief, and the person against each merge request's `merged_by`. A commit under the person's name from an address that
// is not theirs "may be" theirs (git lets anyone write any name). GitLab text stays raw; each surface escapes it.

import { numberText } from '../presentation/untrustedText';
import { plural } from './warnings';
import type { DeploymentBrief } from './types';

/** Who the person is, as GitLab knows them. */
export interface Me {
  id: number;
  name: string;
  /** Every address of theirs that GitLab listed (primary and secondary). */
  emails: readonly string[];
}

export interface FourEyesFindings {
  /** Commits being shipped whose author address is one of the person's. */
  authored: number;
  /** Commits under the person's name from an address that is not one of theirs. */
  nameOnly: number;
  /** Commits being shipped. */
  total: number;
  /** Merge requests of the deployment the person merged. */
  merged: { iid: number; title: string }[];
  /** Only the newest commits' merge requests were looked up: there may be more the person merged. */
  mergeRequestsComplete: boolean;
}

/** What the brief says of the person's own work in it; undefined when the commits being shipped are not known. */
export function fourEyesFindings(
  brief: Pick<DeploymentBrief, 'rangeKnown' | 'authors' | 'commits' | 'mergeRequests' | 'mergeRequestsComplete'>,
  me: Me,
): FourEyesFindings | undefined {
  if (!brief.rangeKnown) return undefined;
  const mine = new Set(me.emails.map(normalEmail).filter(Boolean));
  const myName = normalName(me.name);
  let authored = 0;
  let nameOnly = 0;
  for (const author of brief.authors) {
    if (mine.has(normalEmail(author.email))) authored += author.commits;
    else if (myName !== '' && normalName(author.name) === myName) nameOnly += author.commits;
  }
  const merged = brief.mergeRequests
    .filter((mr) => mr.mergedBy?.id === me.id)
    .map(({ iid, title }) => ({ iid, title }));
  return { authored, nameOnly, total: brief.commits.total, merged, mergeRequestsComplete: brief.mergeRequestsComplete };
}

/** The person authored or merged some of what is shipped (a name-only match is not enough to refuse). */
export function shipsOwnWork(findings: FourEyesFindings | undefined): boolean {
  return findings !== undefined && (findings.authored > 0 || findings.merged.length > 0);
}

/**
 * "You authored 3 of the 12 commits being shipped.", "You merged !87, which is in this deployment.", "2 commits are
 * by someone named Demo User from an address that is not one of yours: they may be yours." Empty when none applies.
 */
export function fourEyesSentences(findings: FourEyesFindings, myName: string): string[] {
  const sentences: string[] = [];
  if (findings.authored > 0)
    sentences.push(`You authored ${findings.authored} of the ${plural(findings.total, 'commit')} being shipped.`);
  const merged = findings.merged.map((mr) => `!${numberText(mr.iid)}`);
  if (merged.length === 1) sentences.push(`You merged ${merged[0]}, which is in this deployment.`);
  if (merged.length > 1)
    sentences.push(`You merged ${merged.slice(0, -1).join(', ')} and ${merged.at(-1)}, which are in this deployment.`);
  if (findings.nameOnly > 0)
    sentences.push(
      `${findings.nameOnly === 1 ? '1 commit is' : `${findings.nameOnly} commits are`} by someone named ${myName} from an address that is not one of yours: ${findings.nameOnly === 1 ? 'it' : 'they'} may be yours.`,
    );
  return sentences;
}

/** Said with every finding: whose check this is. */
export const FOUR_EYES_SOURCE =
  "This is the extension's own check, not GitLab's: GitLab only stops the person who triggered the pipeline from approving, where the project says so.";

/**
 * Why the extension refuses the approval, when the person asked for independent approval on this environment (by name,
 * or by tier where known: `gitlabApprovals.independentApproval`) and the deployment ships their own work (authored or
 * merged; a name-only match does not refuse); undefined otherwise.
 */
export function independentApprovalRefusal(
  findings: FourEyesFindings | undefined,
  me: Pick<Me, 'name'>,
  environment: { name: string; tier?: string },
  guarded: readonly string[],
): string | undefined {
  const listed =
    guarded.includes(environment.name) || (environment.tier !== undefined && guarded.includes(environment.tier));
  if (!listed || !findings || !shipsOwnWork(findings)) return undefined;
  const environmentName = environment.name;
  const why = fourEyesSentences({ ...findings, nameOnly: 0 }, me.name).join(' ');
  return `${why} Your setting gitlabApprovals.independentApproval asks that someone else approve deployments to ${environmentName}, so the extension does not send your approval. This is the extension's own rule, not GitLab's.`;
}

function normalEmail(email: string): string {
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

function normalName(name: string): string {
  return typeof name === 'string' ? name.trim().replace(/\s+/g, ' ').toLowerCase() : '';
}
