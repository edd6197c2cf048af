// The four-eyes check in the shell (core/brief/fourEyes.ts decides): who the person is on each instance, with every
// address GitLab lists (`GET /user` and `GET /user/emails`, read once per instance), what the deployment's brief says
// of their own work, and — where they asked for it (gitlabApprovals.independentApproval, user settings only) — the
// refusal that keeps their approval from being sent. Every approval path asks `independentApprovalRefusal` first.
import {
  FOUR_EYES_SOURCE,
  fourEyesFindings,
  fourEyesSentences,
  independentApprovalRefusal as refusalOf,
  type FourEyesFindings,
  type Me,
} from '../core/brief';
import type { GitLabClient } from '../core/gitlab/client';
import type { LocatedDeployment } from '../core/refresh/snapshot';
import type { Briefs } from './deploymentPage/briefs';
import { independentApprovalEnvironments } from './settings';

type Reader = Pick<GitLabClient, 'currentUser' | 'userEmails'>;

/** Who the person is, per instance: read once (again after a failure). */
export class People {
  private readonly read = new Map<string, Promise<Me>>();
  private readonly known = new Map<string, Me>();

  me(instanceUrl: string, client: Reader, signal?: AbortSignal): Promise<Me> {
    let reading = this.read.get(instanceUrl);
    if (!reading) {
      const options = { signal, userAction: true };
      reading = Promise.all([client.currentUser(options), client.userEmails(options)]).then(([user, emails]) => {
        const me: Me = {
          id: user.id,
          name: user.name,
          emails: [user.email, ...emails.map((e) => e.email)].filter((e): e is string => typeof e === 'string'),
        };
        this.known.set(instanceUrl, me);
        return me;
      });
      reading.catch(() => this.read.delete(instanceUrl));
      this.read.set(instanceUrl, reading);
    }
    return reading;
  }

  /** Already read: for what is said without asking GitLab (a tooltip, the agent's confirmation). */
  knownMe(instanceUrl: string): Me | undefined {
    return this.known.get(instanceUrl);
  }
}

/** The one record of who the person is, per instance, in this window. */
export const people = new People();

/** The findings on this deployment, from its brief and the person, as far as both are already read. */
export function knownFourEyes(
  located: Pick<LocatedDeployment, 'view'>,
  briefs: Briefs,
  people: People,
): { findings: FourEyesFindings; me: Me } | undefined {
  const brief = briefs.known(located.view);
  const me = people.knownMe(located.view.instanceUrl);
  const findings = brief && me ? fourEyesFindings(brief, me) : undefined;
  return findings && me ? { findings, me } : undefined;
}

/** The sentences the page, the approval and the agent's confirmation say; empty when nothing applies or is known. */
export function knownFourEyesSentences(
  located: Pick<LocatedDeployment, 'view'>,
  briefs: Briefs,
  people: People,
): string[] {
  const known = knownFourEyes(located, briefs, people);
  return known ? fourEyesSentences(known.findings, known.me.name) : [];
}

/**
 * The note the approve box says: the person's own work in this deployment and whose check this is, reading the brief
 * and the person where they are not read yet; undefined when nothing applies.
 */
export async function fourEyesNote(
  located: LocatedDeployment,
  client: GitLabClient,
  briefs: Briefs,
  people: People,
): Promise<string | undefined> {
  const brief = briefs.known(located.view) ?? (await briefs.build(client, located.view));
  const me = await people.me(located.view.instanceUrl, client);
  const findings = fourEyesFindings(brief, me);
  return asNote(findings ? fourEyesSentences(findings, me.name) : []);
}

/** The note as far as the brief and the person are already read (nothing is asked of GitLab). */
export function knownFourEyesNote(
  located: Pick<LocatedDeployment, 'view'>,
  briefs: Briefs,
  people: People,
): string | undefined {
  return asNote(knownFourEyesSentences(located, briefs, people));
}

function asNote(sentences: string[]): string | undefined {
  return sentences.length > 0 ? [...sentences, FOUR_EYES_SOURCE].join(' ') : undefined;
}

/**
 * Why the extension will not send this approval (the person's own setting and their own work in the deployment), or
 * undefined. On a listed environment the brief and the person are read if they were not; when they cannot be, the
 * approval is refused too: the check the person asked for could not be made.
 */
export async function independentApprovalRefusal(
  located: LocatedDeployment,
  client: GitLabClient | undefined,
  briefs: Briefs,
  people: People,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const guarded = independentApprovalEnvironments();
  const { environment } = located;
  if (!guarded.includes(environment.name) && !(environment.tier && guarded.includes(environment.tier)))
    return undefined;
  try {
    if (!client) throw new Error('not signed in');
    const brief = briefs.known(located.view) ?? (await briefs.build(client, located.view, signal));
    const me = await people.me(located.view.instanceUrl, client, signal);
    const findings = fourEyesFindings(brief, me);
    if (!findings) throw new Error('what the deployment ships could not be read');
    return refusalOf(findings, me, environment, guarded);
  } catch (error) {
    return `Your setting gitlabApprovals.independentApproval asks that someone else approve deployments to ${environment.name} when they ship your own work, and the extension could not check this one (${(error as Error).message}), so it does not send your approval. This is the extension's own rule, not GitLab's.`;
  }
}
