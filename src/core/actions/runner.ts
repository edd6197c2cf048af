// The one way to act on GitLab (docs/architecture.md, "Data flow of an action"): claim the subject, send, re-read it,
// compare before and after, release, and say what happened in one typed outcome. The commands, the deployment page,
// Approve Pipeline, the notifications' actions, the agent's write tools and Set Required Approvals all come through
// here; a unit test fails if a call to a client write method appears anywhere else.

import type { InstanceCapabilities } from '../capabilities';
import { InvalidInputError, isGitLabError, NotSupportedError, type GitLabError } from '../errors';
import type { CallOptions } from '../gitlab/client';
import type { JobSummary } from '../gitlab/types';
import type { RefreshEngine } from '../refresh/engine';
import { deploymentKey, type LocatedDeployment } from '../refresh/snapshot';
import { notCountedReason, type NotCountedReason } from './approvalCheck';
import type { MyRule } from './approvalRules';
import { approveUnderRules, type ApproveUnderRulesResult } from './approveUnderRules';
import type { FollowedJob } from '../follow/followedJob';
import { decide, retryDeploymentJob, runDeploymentJob, type ActionClient } from './deploymentActions';
import type { ActionsInFlight } from './inFlight';
import { setRequiredApprovals, type RequiredApprovalsResult, type SettingsClient } from './requiredApprovalsAction';

/** What the runner needs of the extension: the claims, the engine (re-reads) and the signed-in clients. */
export interface ActionHost {
  inFlight: ActionsInFlight;
  engine: Pick<
    RefreshEngine,
    'locate' | 'refreshDeployment' | 'refreshProject' | 'rememberNotCounted' | 'rememberRunRefused'
  >;
  instances: { client(instanceUrl: string): (ActionClient & SettingsClient) | undefined };
  /** A job GitLab started (Run, Approve and Run on the last approval): followed to its end (core/follow). */
  onJobStarted?: (located: LocatedDeployment, job: JobSummary) => void;
}

/** What to do to a deployment. */
export type DeploymentWrite =
  | { kind: 'approve'; rules: readonly MyRule[]; comment?: string; andRun: boolean }
  | { kind: 'reject'; comment?: string }
  | { kind: 'run' };

type Answer<W extends DeploymentWrite> = W extends { kind: 'approve' }
  ? ApproveUnderRulesResult
  : W extends { kind: 'run' }
    ? JobSummary
    : undefined;

/**
 * What became of a write. `refused` carries GitLab's reason (its own words); `may-have-gone-through` a lost answer
 * (`WriteOutcomeUnknownError`, the re-read shows whether it did); `failed` anything else (not sent: invalid input,
 * cancelled, not signed in, the network before the request left); `busy` another action on it was under way (nothing
 * sent). `after` is the subject as the re-read left it (undefined when it is no longer listed).
 */
export type WriteOutcome<T, After> =
  | { kind: 'done'; value: T; after?: After }
  | { kind: 'refused'; error: GitLabError; after?: After }
  | { kind: 'may-have-gone-through'; error: GitLabError; after?: After }
  | { kind: 'failed'; error: unknown; after?: After }
  | { kind: 'busy' };

/**
 * An approval can also be `not-counted`: GitLab answered 201 but the user's approvals did not move (it returned the
 * approval it already had: docs/gitlab-behaviour.md#approving-and-rejecting).
 */
export type DeploymentOutcome<T> =
  | WriteOutcome<T, LocatedDeployment>
  | { kind: 'not-counted'; value: T; reason: NotCountedReason; after?: LocatedDeployment };

/** Lets the caller wrap the sending (a progress notification) and give the cancellation signal. */
export type During = <T>(send: (options: CallOptions) => Promise<T>) => Promise<T>;

const plainly: During = (send) => send({});

/** Approve (under the given rules, then run for Approve and Run), reject or run one deployment. */
export async function actOnDeployment<W extends DeploymentWrite>(
  host: ActionHost,
  located: LocatedDeployment,
  write: W,
  during: During = plainly,
): Promise<DeploymentOutcome<Answer<W>>> {
  const key = deploymentKey(located.view);
  return runWrite<Answer<W>, DeploymentOutcome<Answer<W>>>(host.inFlight, key, {
    send: async () => {
      const client = host.instances.client(located.view.instanceUrl);
      if (!client) throw new Error(`not signed in to ${located.view.instanceUrl}`);
      return during((options) => send(client, located, write, options) as Promise<Answer<W>>);
    },
    reread: () => host.engine.refreshDeployment(located.view),
    compare: (outcome) => {
      const compared = compare(host, located, write, outcome);
      const started = startedJob(write, outcome);
      if (started) host.onJobStarted?.(located, started);
      return compared;
    },
  });
}

/** The job a write started, from GitLab's answer: a Run's, or the one Approve and Run played after the last approval. */
function startedJob(
  write: DeploymentWrite,
  outcome: Exclude<WriteOutcome<unknown, never>, { kind: 'busy' }>,
): JobSummary | undefined {
  if (outcome.kind !== 'done') return undefined;
  if (write.kind === 'run') return outcome.value as JobSummary;
  if (write.kind === 'approve') return (outcome.value as ApproveUnderRulesResult).job;
  return undefined;
}

/**
 * Retries a followed job that ended (`POST …/jobs/:job_id/retry`), claimed by the job's key. GitLab's answer is the
 * new job; when it waits for approval again (`manual`) its project is re-read, so its new deployment shows.
 */
export async function retryFollowedJob(
  host: Pick<ActionHost, 'inFlight' | 'engine' | 'instances'>,
  job: FollowedJob,
  during: During = plainly,
): Promise<WriteOutcome<JobSummary, undefined>> {
  return runWrite<JobSummary, WriteOutcome<JobSummary, undefined>>(host.inFlight, job.key, {
    send: async () => {
      const client = host.instances.client(job.instanceUrl);
      if (!client) throw new Error(`not signed in to ${job.instanceUrl}`);
      return during((options) => retryDeploymentJob(client, { projectId: job.projectId, jobId: job.jobId }, options));
    },
    reread: (outcome) =>
      outcome.kind === 'done' && outcome.value.status === 'manual'
        ? host.engine.refreshProject(job.instanceUrl, job.projectId, false)
        : Promise.resolve(),
    compare: (outcome) => outcome,
  });
}

/** After the re-read: the deployment as it is now, and whether an approval GitLab answered 201 counted. */
function compare<T>(
  host: ActionHost,
  located: LocatedDeployment,
  write: DeploymentWrite,
  outcome: Exclude<WriteOutcome<T, never>, { kind: 'busy' }>,
): DeploymentOutcome<T> {
  // GitLab refused the play (403: who may run it is not always readable beforehand): not offered there again.
  if (write.kind === 'run' && outcome.kind === 'failed' && isForbidden(outcome.error) && located.instance.user) {
    host.engine.rememberRunRefused(located.view, located.instance.user.id);
  }
  const after = host.engine.locate(located.view);
  if (outcome.kind !== 'done' || write.kind !== 'approve') return { ...outcome, after };
  const { answers } = outcome.value as ApproveUnderRulesResult;
  const reason = notCountedReason(located, after, { answers, comment: write.comment });
  if (!reason) return { ...outcome, after };
  // The row must not keep listing as awaiting the user what GitLab will not count from them again: any approval where
  // GitLab keeps one per person, else the rule names just sent (a name GitLab resolves to a rule already approved).
  if (located.instance.user)
    host.engine.rememberNotCounted(
      located.view,
      located.instance.user.id,
      reason === 'one-per-person' ? 'every' : write.rules.map((rule) => rule.name ?? ''),
    );
  return { kind: 'not-counted', value: outcome.value, reason, after: host.engine.locate(located.view) };
}

function send(
  client: ActionClient,
  located: LocatedDeployment,
  write: DeploymentWrite,
  options: CallOptions,
): Promise<unknown> {
  const target = { projectId: located.project.project.id, deploymentId: located.deployment.id };
  switch (write.kind) {
    case 'approve':
      return approveUnderRules(client, target, located.view, write.rules, write, options);
    case 'reject':
      return decide(client, target, 'rejected', { comment: write.comment }, options).then(() => undefined);
    case 'run': {
      const job = located.deployment.deployable;
      if (!job) return Promise.reject(new Error('this deployment has no job'));
      return runDeploymentJob(client, { projectId: target.projectId, jobId: job.id }, options);
    }
  }
}

/** An environment's required approvals, changed (see `setRequiredApprovals`), then its project re-read in full. */
export async function changeRequiredApprovals(
  host: ActionHost,
  where: { instanceUrl: string; projectId: number; environmentName: string },
  capabilities: InstanceCapabilities,
  change: { count: number; ruleId?: number },
  confirm: (warning: string) => Promise<boolean>,
  during: During = plainly,
): Promise<WriteOutcome<RequiredApprovalsResult | undefined, undefined>> {
  const key = `${where.instanceUrl}#${where.projectId}#env:${where.environmentName}`;
  return runWrite(host.inFlight, key, {
    send: async () => {
      const client = host.instances.client(where.instanceUrl);
      if (!client) throw new Error(`not signed in to ${where.instanceUrl}`);
      const request = { projectId: where.projectId, environmentName: where.environmentName, ...change };
      return during((options) => setRequiredApprovals(client, capabilities, request, confirm, options));
    },
    // A change declined at the re-protect question, or refused before any write (bad count, not supported here), sent
    // nothing: the project is not read again in full for it.
    reread: (outcome) =>
      nothingWritten(outcome)
        ? Promise.resolve()
        : host.engine.refreshProject(where.instanceUrl, where.projectId, true),
    // setRequiredApprovals compares GitLab's answer with the request itself (`dropped`).
    compare: (outcome) => outcome,
  });
}

/** Claim, send, re-read whatever happened, compare, release. The re-read never rejects (the engine logs failures). */
async function runWrite<T, O>(
  inFlight: ActionsInFlight,
  key: string,
  steps: {
    send: () => Promise<T>;
    reread: (outcome: Exclude<WriteOutcome<T, never>, { kind: 'busy' }>) => Promise<void>;
    compare: (outcome: Exclude<WriteOutcome<T, never>, { kind: 'busy' }>) => O;
  },
): Promise<O | { kind: 'busy' }> {
  const release = inFlight.claim(key);
  if (!release) return { kind: 'busy' };
  try {
    let outcome: Exclude<WriteOutcome<T, never>, { kind: 'busy' }>;
    try {
      outcome = { kind: 'done', value: await steps.send() };
    } catch (error) {
      outcome = failure(error);
    }
    await steps.reread(outcome);
    return steps.compare(outcome);
  } finally {
    release();
  }
}

/** Set Required Approvals stopped before its write: declined (no value), or refused by the plan, not by GitLab. */
function nothingWritten(outcome: Exclude<WriteOutcome<unknown, never>, { kind: 'busy' }>): boolean {
  if (outcome.kind === 'done') return outcome.value === undefined;
  return outcome.error instanceof NotSupportedError || outcome.error instanceof InvalidInputError;
}

function isForbidden(error: unknown): boolean {
  return isGitLabError(error) && error.kind === 'forbidden';
}

function failure(error: unknown): Exclude<WriteOutcome<never, never>, { kind: 'busy' }> {
  if (isGitLabError(error) && error.kind === 'rejected') return { kind: 'refused', error };
  if (isGitLabError(error) && error.kind === 'maybe-applied') return { kind: 'may-have-gone-through', error };
  return { kind: 'failed', error };
}
