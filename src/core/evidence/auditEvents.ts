// The audit events an approval record includes: GitLab's own log of this deployment's approvals, rejections and start,
// and of changes to its environment's protection (docs/gitlab-behaviour.md#audit-events). Read with
// `GET /projects/:id/audit_events` (Premium+); where GitLab refuses, the record says so and why.
import { isGitLabError } from '../errors';
import type { CallOptions, GitLabClient } from '../gitlab/client';
import type { AuditEvent } from '../gitlab/types';

/** One audit event as the record keeps it (GitLab text raw: each format escapes it). */
export interface RecordedAuditEvent {
  id: number;
  eventName: string;
  at: string;
  authorId: number;
  authorName: string;
  /** GitLab's `custom_message`, e.g. "Approved deployment with IID: 12 and ID: 345". */
  message: string;
  comment?: string;
}

export type AuditEventsPart =
  | {
      included: true;
      events: RecordedAuditEvent[];
      /** GitLab lists a Developer only the events they authored themselves (Maintainers see everyone's). */
      onlyYours: boolean;
      /** GitLab had more events than were read: some may be missing. */
      cut: boolean;
    }
  | { included: false; reason: string };

/** GitLab's names for what is done to a deployment (ee/app/services/deployments/approval_service.rb, audit_service.rb). */
const DEPLOYMENT_EVENTS = new Set(['deployment_approved', 'deployment_rejected', 'deployment_started']);

/** GitLab's names for changes to a protected environment (ee/app/services/protected_environments/*, ee/lib/environments/). */
const PROTECTION_EVENT = /^(environment_(un)?protected|protected_environment_\w+)$/;

/** The deployment's and its environment's events, oldest first. */
export function matchingAuditEvents(
  events: readonly AuditEvent[],
  deployment: { id: number; iid: number },
  environmentName: string,
): RecordedAuditEvent[] {
  // GitLab writes "<Verb> deployment with IID: <iid> and ID: <id>" (the numbers are the deployment's own).
  const ofThisDeployment = new RegExp(`with IID: ${deployment.iid} and ID: ${deployment.id}$`);
  return events
    .filter((event) => {
      const name = eventNameOf(event);
      const details = event.details ?? {};
      if (DEPLOYMENT_EVENTS.has(name)) return ofThisDeployment.test(stringOf(details.custom_message));
      return PROTECTION_EVENT.test(name) && stringOf(details.target_details) === environmentName;
    })
    .map((event) => ({
      id: event.id,
      eventName: eventNameOf(event),
      at: event.created_at,
      authorId: event.author_id,
      authorName: stringOf(event.details?.author_name),
      message: stringOf(event.details?.custom_message),
      ...(typeof event.details?.comment === 'string' && event.details.comment !== ''
        ? { comment: event.details.comment }
        : {}),
    }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id);
}

/**
 * The project's audit events since `since`, or why they are not included. `accessLevel` is the person's role in the
 * project: below Maintainer GitLab lists only their own events.
 */
export async function readAuditEvents(
  client: Pick<GitLabClient, 'projectAuditEvents'>,
  projectId: number,
  since: string,
  accessLevel: number,
  options: CallOptions = {},
): Promise<{ events: readonly AuditEvent[]; onlyYours: boolean; cut: boolean } | { reason: string }> {
  try {
    const events = await client.projectAuditEvents(projectId, { ...options, createdAfter: since });
    return { events, onlyYours: accessLevel < MAINTAINER, cut: events.truncated !== undefined };
  } catch (error) {
    if (!isGitLabError(error) || error.kind === 'cancelled') throw error;
    if (error.kind === 'forbidden')
      return {
        reason:
          'GitLab refused to list the project’s audit events (403). They need the Developer role or higher (Maintainer to see everyone’s) and GitLab Premium or Ultimate.',
      };
    if (error.kind === 'not-found')
      return {
        reason:
          'GitLab answered 404: this instance has no project audit events (GitLab Free or Community Edition), or the project was not found.',
      };
    return { reason: `they could not be read: ${error.userMessage}` };
  }
}

const MAINTAINER = 40;

function eventNameOf(event: AuditEvent): string {
  return stringOf(event.event_name ?? event.details?.event_name);
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
