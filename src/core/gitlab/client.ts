import type { RequesterType } from '@gitbeaker/requester-utils';
import { createRequesterFn } from '@gitbeaker/requester-utils';
import { Deployments, Environments, Jobs, Metadata, Projects, Users } from '@gitbeaker/rest';
import { Agent } from 'undici';
import { isGitLabError } from '../errors';
import { Semaphore } from '../util/semaphore';
import { withCall, type CallSettings } from './transport/callContext';
import { RateLimitGate } from './transport/rateLimitGate';
import { createRequestHandler, type AttemptRecord } from './transport/requestHandler';
import { DEFAULT_RETRY, type RetryOptions } from './transport/retryPolicy';
import type {
  CurrentUser,
  DeploymentApproval,
  DeploymentDetail,
  DeploymentListItem,
  Environment,
  JobSummary,
  Metadata as MetadataInfo,
  PersonalAccessTokenSelf,
  ProjectSummary,
  ProtectedEnvironment,
  ProtectedEnvironmentCreateBody,
  ProtectedEnvironmentUpdateBody,
  VersionInfo,
} from './types';

export type CallOptions = CallSettings;

export interface GitLabClientOptions {
  /** The instance URL, e.g. `https://gitlab.com` or `https://example.com/gitlab`. */
  instanceUrl: string;
  /** Read when each request is built, so a token replaced in the secret store is picked up at once. */
  token: () => Promise<string>;
  userAgent: string;
  /** Requests in flight at once, for all calls together. */
  maxConcurrency?: number;
  timeoutMs?: number;
  retry?: RetryOptions;
  /** PEM text of extra certificate authorities for a self-managed instance. */
  caPem?: string;
  /** Pages of 100 followed at most by one list call. */
  maxPages?: number;
  onAttempt?: (attempt: AttemptRecord) => void;
  /** The clock and the wait, replaceable so tests can run a rate-limit window without waiting a minute. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type ApprovalDecision = { status: 'approved' | 'rejected'; comment?: string; representedAs?: string };
export type ProjectRef = number | string;

const PER_PAGE = 100;

/**
 * The GitLab REST calls this extension makes, on gitbeaker with our own transport. Every method takes optional
 * `{ signal, timeoutMs }`; every list is bounded; every error is one of the typed errors in `errors.ts`.
 */
export class GitLabClient {
  readonly instanceUrl: string;
  private readonly maxPages: number;
  private readonly deployments: Deployments;
  private readonly environmentsApi: Environments;
  private readonly jobs: Jobs;
  private readonly metadataApi: Metadata;
  private readonly projects: Projects;
  private readonly users: Users;
  /** For the calls gitbeaker types wrongly or encodes wrongly (GITBEAKER.md §1.2, §1.3). */
  private readonly raw: RequesterType;

  constructor(options: GitLabClientOptions) {
    this.instanceUrl = options.instanceUrl.replace(/\/+$/, '');
    this.maxPages = options.maxPages ?? 20;
    const requestHandler = createRequestHandler({
      instanceUrl: this.instanceUrl,
      userAgent: options.userAgent,
      concurrency: new Semaphore(options.maxConcurrency ?? 6),
      timeoutMs: options.timeoutMs ?? 20_000,
      retry: options.retry ?? DEFAULT_RETRY,
      // Only a custom CA needs our own dispatcher; VS Code keeps its `connect.ca` and adds proxy support (GITBEAKER.md §2.4).
      dispatcher: options.caPem ? new Agent({ connect: { ca: options.caPem } }) : undefined,
      onAttempt: options.onAttempt,
      rateLimitGate: new RateLimitGate(options.now),
      sleep: options.sleep,
    });
    const requesterFn = createRequesterFn(async (_resource, request) => request, requestHandler);
    const config = {
      host: this.instanceUrl,
      token: options.token,
      requesterFn,
      queryTimeout: null, // timeouts are ours, per attempt
      rateLimits: {}, // gitbeaker's client-side limiter throttles nothing useful (GITBEAKER.md §2.2)
    };
    this.deployments = new Deployments(config);
    this.environmentsApi = new Environments(config);
    this.jobs = new Jobs(config);
    this.metadataApi = new Metadata(config);
    this.projects = new Projects(config);
    this.users = new Users(config);
    this.raw = this.users.requester;
  }

  async version(options?: CallOptions): Promise<VersionInfo> {
    return this.call(
      options,
      async () => (await this.raw.get<Record<string, unknown>>('version')).body as unknown as VersionInfo,
    );
  }

  /** 15.2+; older instances answer 404, which callers treat as "use /version". */
  metadata(options?: CallOptions): Promise<MetadataInfo> {
    return this.call(options, () => this.metadataApi.show() as unknown as Promise<MetadataInfo>);
  }

  currentUser(options?: CallOptions): Promise<CurrentUser> {
    return this.call(options, () => this.users.showCurrentUser() as unknown as Promise<CurrentUser>);
  }

  async tokenInfo(options?: CallOptions): Promise<PersonalAccessTokenSelf> {
    return this.call(
      options,
      async () =>
        (await this.raw.get<Record<string, unknown>>('personal_access_tokens/self'))
          .body as unknown as PersonalAccessTokenSelf,
    );
  }

  project(project: ProjectRef, options?: CallOptions): Promise<ProjectSummary> {
    return this.call(options, () => this.projects.show(project) as unknown as Promise<ProjectSummary>);
  }

  /** Projects the user is a member of with at least `minAccessLevel` (30 = Developer), keyset-paginated by id. */
  memberProjects(minAccessLevel: number, options?: CallOptions): Promise<ProjectSummary[]> {
    return this.call(
      options,
      () =>
        this.projects.all({
          membership: true,
          minAccessLevel,
          archived: false,
          pagination: 'keyset',
          orderBy: 'id',
          sort: 'asc',
          perPage: PER_PAGE,
          maxPages: this.maxPages,
        }) as unknown as Promise<ProjectSummary[]>,
    );
  }

  environments(project: ProjectRef, options?: CallOptions): Promise<Environment[]> {
    return this.call(
      options,
      () =>
        this.environmentsApi.all(project, {
          states: 'available',
          perPage: PER_PAGE,
          maxPages: this.maxPages,
        }) as unknown as Promise<Environment[]>,
    );
  }

  protectedEnvironments(project: ProjectRef, options?: CallOptions): Promise<ProtectedEnvironment[]> {
    return this.call(options, () =>
      this.getAllPages<ProtectedEnvironment>(`projects/${encodeURIComponent(project)}/protected_environments`),
    );
  }

  async protectedEnvironment(project: ProjectRef, name: string, options?: CallOptions): Promise<ProtectedEnvironment> {
    return this.call(
      options,
      async () =>
        (await this.raw.get<Record<string, unknown>>(protectedEnvironmentPath(project, name)))
          .body as unknown as ProtectedEnvironment,
    );
  }

  /** Newest first. List items carry no approval fields (REFERENCE §2.1): `deployment()` has them. */
  blockedDeployments(
    project: ProjectRef,
    options?: CallOptions & { environment?: string },
  ): Promise<DeploymentListItem[]> {
    return this.call(
      options,
      () =>
        this.deployments.all(project, {
          status: 'blocked',
          ...(options?.environment ? { environment: options.environment } : {}),
          orderBy: 'id',
          sort: 'desc',
          perPage: PER_PAGE,
          maxPages: this.maxPages,
        }) as unknown as Promise<DeploymentListItem[]>,
    );
  }

  deployment(project: ProjectRef, deploymentId: number, options?: CallOptions): Promise<DeploymentDetail> {
    return this.call(
      options,
      () => this.deployments.show(project, deploymentId) as unknown as Promise<DeploymentDetail>,
    );
  }

  /** A write: never retried by the transport, so an approval is never sent twice. */
  setApproval(
    project: ProjectRef,
    deploymentId: number,
    decision: ApprovalDecision,
    options?: CallOptions,
  ): Promise<DeploymentApproval> {
    const { status, comment, representedAs } = decision;
    return this.call(
      options,
      () =>
        this.deployments.setApproval(project, deploymentId, status, {
          ...(comment ? { comment } : {}),
          ...(representedAs ? { representedAs } : {}),
        }) as unknown as Promise<DeploymentApproval>,
    );
  }

  playJob(project: ProjectRef, jobId: number, options?: CallOptions): Promise<JobSummary> {
    return this.call(options, () => this.jobs.play(project, jobId) as unknown as Promise<JobSummary>);
  }

  async updateProtectedEnvironment(
    project: ProjectRef,
    name: string,
    body: ProtectedEnvironmentUpdateBody,
    options?: CallOptions,
  ): Promise<ProtectedEnvironment> {
    return this.call(
      options,
      async () =>
        (await this.raw.put<Record<string, unknown>>(protectedEnvironmentPath(project, name), { body: { ...body } }))
          .body as unknown as ProtectedEnvironment,
    );
  }

  async protectEnvironment(
    project: ProjectRef,
    body: ProtectedEnvironmentCreateBody,
    options?: CallOptions,
  ): Promise<ProtectedEnvironment> {
    const path = `projects/${encodeURIComponent(project)}/protected_environments`;
    return this.call(
      options,
      async () =>
        (await this.raw.post<Record<string, unknown>>(path, { body: { ...body } }))
          .body as unknown as ProtectedEnvironment,
    );
  }

  async unprotectEnvironment(project: ProjectRef, name: string, options?: CallOptions): Promise<void> {
    await this.call(options, () => this.raw.delete(protectedEnvironmentPath(project, name)));
  }

  /**
   * Whether the user belongs to the group directly, and directly or through an ancestor — what group approval rules
   * match on (REFERENCE §1.3). GitLab answers 404 for a non-member.
   */
  async groupMembership(
    groupId: number,
    userId: number,
    options?: CallOptions,
  ): Promise<{ direct: boolean; inherited: boolean }> {
    const isMember = (path: string) =>
      this.raw.get(path).then(
        () => true,
        (error: unknown) => (isGitLabError(error) && error.kind === 'not-found' ? false : Promise.reject(error)),
      );
    return this.call(options, async () => {
      const inherited = await isMember(`groups/${groupId}/members/all/${userId}`);
      const direct = inherited && (await isMember(`groups/${groupId}/members/${userId}`));
      return { direct, inherited };
    });
  }

  private call<T>(options: CallOptions | undefined, run: () => Promise<T>): Promise<T> {
    return withCall(options ?? {}, run);
  }

  /** Offset pagination by `x-next-page`, bounded like gitbeaker's lists. */
  private async getAllPages<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1, pages = 0; page && pages < this.maxPages; pages++) {
      const response = await this.raw.get<Record<string, unknown>[]>(path, {
        searchParams: { page, perPage: PER_PAGE },
      });
      items.push(...(response.body as unknown as T[]));
      page = Number(response.headers['x-next-page']) || 0;
    }
    return items;
  }
}

/** gitbeaker 43.8 does not encode these segments (GITBEAKER.md §1.3), so we build the path ourselves. */
function protectedEnvironmentPath(project: ProjectRef, name: string): string {
  return `projects/${encodeURIComponent(project)}/protected_environments/${encodeURIComponent(name)}`;
}
