// The warnings of a brief, in plain words: the one home for what should make an approver stop and look.
import type { BriefWarning, DeploymentBrief, NewerDeployment } from './types';

const STATUS_WORDS: Partial<Record<NewerDeployment['status'], string>> = {
  blocked: 'waiting',
  created: 'queued',
  running: 'running',
};

/** Statuses of a newer deployment that make this one superseded: it waits, is queued, or is deploying now. */
export const SUPERSEDING_STATUSES: ReadonlySet<string> = new Set(['blocked', 'created', 'running']);

export function briefWarnings(brief: Omit<DeploymentBrief, 'warnings'>): DeploymentBrief['warnings'] {
  const warnings: DeploymentBrief['warnings'] = [];
  const env = brief.environmentName;
  const superseded = supersededWarning(env, brief.newer);
  if (superseded) warnings.push(superseded);
  if (brief.live && brief.relation === 'rollback') {
    warnings.push({
      kind: 'rollback',
      message: `What is live on ${env} (#${brief.live.iid}, ${short(brief.live.sha)}) is ${plural(brief.dropped.total, 'commit')} newer than this deployment: running it would roll ${env} back.`,
    });
  }
  if (brief.live && brief.relation === 'diverged') {
    warnings.push({
      kind: 'diverged',
      message: `What is live on ${env} (#${brief.live.iid}, ${short(brief.live.sha)}) has ${plural(brief.dropped.total, 'commit')} this deployment does not: running it would take them off ${env}.`,
    });
  }
  if (brief.failedJobs.length > 0) {
    const names = brief.failedJobs.map((job) => `${job.name}${job.allowFailure ? ' (allowed to fail)' : ''}`);
    warnings.push({
      kind: 'failed-jobs',
      message: `The pipeline has ${plural(brief.failedJobs.length, 'failed job')}: ${names.join(', ')}.`,
    });
  }
  if (brief.usualRef && brief.usualRef !== brief.ref) {
    warnings.push({
      kind: 'unusual-branch',
      message: `${env} is usually deployed from ${brief.usualRef}; this deployment is from ${brief.ref}.`,
    });
  }
  return warnings;
}

/** "A newer deployment of production is already waiting: …"; `newer` newest first. */
export function supersededWarning(
  environmentName: string,
  newer: readonly NewerDeployment[],
): BriefWarning | undefined {
  const [newest] = newer;
  if (!newest) return undefined;
  const more = newer.length > 1 ? ` (and ${plural(newer.length - 1, 'other')})` : '';
  return {
    kind: 'superseded',
    message: `A newer deployment of ${environmentName} is already ${STATUS_WORDS[newest.status] ?? newest.status}: #${newest.iid} of ${newest.ref} (${short(newest.sha)})${more}. This one is superseded.`,
  };
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function short(sha: string): string {
  return sha.slice(0, 8);
}
