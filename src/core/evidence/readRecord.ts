// Reads what an approval record needs — each deployment as GitLab has it now, its brief, the person and the project's
// audit events — and builds the record. Reads only: exporting never writes to GitLab. A deployment that cannot be read
// fails the whole record (nothing half-true is written); a brief or the audit events that cannot be read are said so
// in the record.
import type { DeploymentBrief, Me } from '../brief';
import { isGitLabError } from '../errors';
import type { FollowedJob } from '../follow/followedJob';
import type { CallOptions, GitLabClient } from '../gitlab/client';
import type { DeploymentDetail, EnvironmentTier } from '../gitlab/types';
import {
  deploymentRecord,
  personOf,
  RECORD_FORMAT,
  RECORD_VERSION,
  type ApprovalRecord,
  type DeploymentRecord,
  type Person,
} from './approvalRecord';
import { matchingAuditEvents, readAuditEvents, type AuditEventsPart } from './auditEvents';

/** One deployment to put on record, as the snapshot knows it. */
export interface RecordedDeployment {
  project: { id: number; path: string; accessLevel: number };
  environment: { id: number; name: string; tier?: EnvironmentTier };
  deployment: { id: number; iid: number; created_at: string };
}

export interface RecordReaders {
  instanceUrl: string;
  client: Pick<GitLabClient, 'deployment' | 'projectAuditEvents'>;
  /** The deployment's brief (the page's, cached, or built now). */
  brief(projectId: number, detail: DeploymentDetail): Promise<DeploymentBrief>;
  /** The person exporting, as the instance's snapshot knows them. */
  exporter?: Person;
  /** The person exporting, with their addresses (for the four-eyes findings). */
  me(): Promise<Me>;
  /** The job the person started on this deployment and followed, if any. */
  followed(projectId: number, deploymentId: number): FollowedJob | undefined;
  now(): number;
  /** Said as each deployment is read ("Reading #12 of production…"). */
  onProgress?(deployment: RecordedDeployment): void;
}

export const RECORD_NOTES = [
  'What it ships, the warnings and the four-eyes findings were read when this record was exported: GitLab keeps no copy of what an approver saw when deciding.',
  'A decision’s time is when the person first decided: GitLab keeps no time of a changed decision.',
  'Four eyes: only the person exporting is matched by their own email addresses; others are matched by name and by who merged.',
];

export async function readApprovalRecord(
  subject: ApprovalRecord['subject'],
  deployments: readonly RecordedDeployment[],
  readers: RecordReaders,
  options: CallOptions = {},
): Promise<ApprovalRecord> {
  const me = await readers.me().catch(unlessCancelled(undefined));
  const audits = new Map<number, Promise<Awaited<ReturnType<typeof readAuditEvents>>>>();
  const records: DeploymentRecord[] = [];
  for (const recorded of deployments) {
    readers.onProgress?.(recorded);
    const { project, environment } = recorded;
    const detail = await readers.client.deployment(project.id, recorded.deployment.id, options);
    const brief = await readers
      .brief(project.id, detail)
      .catch(unlessCancelled((error: unknown) => ({ problem: messageOf(error) })));
    let audit = audits.get(project.id);
    if (!audit) {
      // Since the oldest deployment of this project on record: nothing about them happened before.
      const since = deployments
        .filter((d) => d.project.id === project.id)
        .map((d) => d.deployment.created_at)
        .sort()[0];
      audit = readAuditEvents(readers.client, project.id, since, project.accessLevel, options);
      audits.set(project.id, audit);
    }
    const read = await audit;
    const auditEvents: AuditEventsPart =
      'reason' in read
        ? { included: false, reason: read.reason }
        : {
            included: true,
            events: matchingAuditEvents(read.events, detail, environment.name),
            onlyYours: read.onlyYours,
            cut: read.cut,
          };
    records.push(
      deploymentRecord({
        instanceUrl: readers.instanceUrl,
        project: { id: project.id, path: project.path },
        environment,
        detail,
        brief,
        ...(me ? { me } : {}),
        followed: readers.followed(project.id, detail.id),
        auditEvents,
      }),
    );
  }
  return {
    format: RECORD_FORMAT,
    version: RECORD_VERSION,
    subject,
    instanceUrl: readers.instanceUrl,
    exportedAt: new Date(readers.now()).toISOString(),
    ...(readers.exporter ? { exportedBy: personOf(readers.exporter) } : {}),
    notes: RECORD_NOTES,
    deployments: records,
  };
}

/** A cancelled read ends the export; any other failure becomes the fallback. */
function unlessCancelled<T>(fallback: T | ((error: unknown) => T)): (error: unknown) => T {
  return (error) => {
    if (isGitLabError(error) && error.kind === 'cancelled') throw error;
    return typeof fallback === 'function' ? (fallback as (error: unknown) => T)(error) : fallback;
  };
}

function messageOf(error: unknown): string {
  return isGitLabError(error) ? error.userMessage : error instanceof Error ? error.message : String(error);
}
