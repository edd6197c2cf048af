// What should make an approver stop, as far as it is known without reading more: the one source for the mark on a
// tree row, the tooltip, the inbox, a notification and the run question. A brief of this deployment at its commit (read
// when its page opened) has every warning; without one, the snapshot still shows a newer deployment waiting on the
// same environment (superseded). Messages and marks carry GitLab text: each place shows them through its escaper.

import { SUPERSEDING_STATUSES, supersededWarning } from '../brief/warnings';
import type { BriefWarning, DeploymentBrief, NewerDeployment, WarningKind } from '../brief/types';
import type { LocatedDeployment } from '../refresh/snapshot';

/** A word that fits a 300 px row, one per kind of warning. */
const WARNING_MARK: Record<WarningKind, string> = {
  superseded: 'superseded',
  rollback: 'rollback',
  diverged: 'diverged',
  'failed-jobs': 'failed jobs',
  'unusual-branch': 'unusual branch',
};

/** The deployment's warnings: its brief's when one of it at its commit is known, else what the snapshot shows. */
export function knownWarnings(
  located: Pick<LocatedDeployment, 'environment' | 'deployment'>,
  brief?: DeploymentBrief,
): BriefWarning[] {
  const { deployment } = located;
  const briefs = brief && brief.deploymentId === deployment.id && brief.sha === deployment.sha ? brief.warnings : [];
  // A brief read before a newer deployment arrived does not know it: the snapshot's superseded is added, first.
  if (briefs.some((warning) => warning.kind === 'superseded')) return briefs;
  const newer: NewerDeployment[] = located.environment.deployments
    .map((view) => view.deployment)
    .filter((other) => other.id > deployment.id && SUPERSEDING_STATUSES.has(other.status))
    .sort((a, b) => b.id - a.id)
    .map(({ id, iid, ref, sha, status }) => ({ id, iid, ref, sha, status }));
  const superseded = supersededWarning(deployment.environment.name, newer);
  return superseded ? [superseded, ...briefs] : briefs;
}

/**
 * "⚠ superseded", "⚠ rollback +1": the first (most serious) warning's mark and how many more, short enough for a row;
 * empty when there is none. The tooltip, the page and a screen reader get every warning in words.
 */
export function warningMarks(warnings: readonly BriefWarning[]): string {
  const [first, ...more] = warnings;
  if (!first) return '';
  return `⚠ ${WARNING_MARK[first.kind]}${more.length > 0 ? ` +${more.length}` : ''}`;
}
