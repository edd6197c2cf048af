import { isGitLabError, rememberSecret } from '../errors';
import { CallApi, type ResourceBase } from './callApi';
import type { LevelledLog } from '../util/log';
import { Semaphore } from '../util/semaphore';
import { probeInstance, type InstanceProbe } from './instanceProbe';
import { DEFAULT_LIST_MS, readAllPages, type BoundedList, type ListCut } from './pagination';
import { idSegment, nameSegment, projectSegment } from './paths';
import { expectRecord, expectRecords } from './shapes';
import { assertUsableToken } from './token';
import type { CallSettings } from './transport/callContext';
import { BODY_CUT_HEADER } from './transport/exchange';
export { asUserAction } from './transport/callContext';
import { InstanceTrust } from './transport/caFileTrust';
import { RateLimitGate, type LearnedLimit } from './transport/rateLimitGate';
import { createRequestHandler, type AttemptRecord, type CallHandler } from './transport/requestHandler';
import { DEFAULT_RETRY, type RetryOptions } from './transport/retryPolicy';
import type {
  AuditEvent,
  CurrentUser,
  DeploymentApproval,
  DeploymentDetail,
  DeploymentListItem,
  Environment,
  JobSummary,
  PersonalAccessTokenSelf,
  UserEmail,
  ProjectSummary,
  ProtectedEnvironment,
  ProtectedEnvironmentCreateBody,
  ProtectedEnvironmentUpdateBody,
  UserProfile,
  VersionInfo,
} from './types';
import type {
  Comparison,
  CountedPage,
  EnvironmentWithLastDeployment,
  Member,
  MergeRequestSummary,
} from './repositoryTypes';

export type CallOptions = CallSettings;
export type { BoundedList, ListCut };

export interface GitLabClientOptions {
  /** The instance URL, e.g. `https://gitlab.com` or `https://example.com/gitlab`. */
  instanceUrl: string;
  /**
   * Read when each request is built, so a token replaced in the secret store is picked up at once. A token with
   * control characters is refused before any request; every token's value is redacted from errors and the log.
   */
  token: () => Promise<string>;
  userAgent: string;
  /** Requests in flight at once, for all calls together. */
  maxConcurrency?: number;
  timeoutMs?: number;
  retry?: RetryOptions;
  /** PEM text of extra certificate authorities for this instance: trusted in addition to Node's root certificates. */
  caPem?: string;
  /** Pages of 100 followed at most by one list call. */
  maxPages?: number;
  /** The same for the project list (default 100 pages: 10,000 projects). */
  maxProjectPages?: number;
  /** The most time one list call spends paging, retries included (default five minutes); then it is a timeout. */
  maxListMs?: number;
  /** A list was cut at `maxPages` pages (the list itself carries `truncated` too). */
  onListTruncated?: (cut: ListCut) => void;
  onAttempt?: (attempt: AttemptRecord) => void;
  /** Each request attempt is traced here, built only when the log shows traces (the shipped level is info). */
  log?: LevelledLog;
  /** The clock and the wait, replaceable so tests can run a rate-limit window without waiting a minute. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** What an approval or rejection sends (`POST …/deployments/:id/approval`). */
export type ApprovalRequest = { status: 'approved' | 'rejected'; comment?: string; representedAs?: string };
/** A project as GitLab's API names it: its numeric id or its full path. */
export type ProjectIdOrPath = number | string;

const PER_PAGE = 100;
/** GitLab's GraphQL endpoint, from the API prefix (`…/api/v4/`): the transport lets the token go there and nowhere else. */
const GRAPHQL_ENDPOINT = '../graphql';
/** The extension's one GraphQL request: a query, never a mutation (the transport treats it as a read). */
const DEPLOY_FREEZES_QUERY =
  'query($p:ID!,$e:String){project(fullPath:$p){environment(name:$e){deployFreezes{status startCron endCron cronTimezone startTime endTime}}}}';
/** The project list is bounded higher than other lists: large accounts watch thousands (the poll plan paces them). */
const MEMBER_PROJECT_PAGES = 100;

/**
 * The GitLab REST calls this extension makes, on gitbeaker with our own transport. Every method takes optional
 * `{ signal, timeoutMs, userAction }`; every list is bounded and says when it was cut; every answer is checked to have
 * the route's shape; every id from GitLab becomes one path segment; every error is one of the typed errors in
 * `errors.ts`.
 */
export class GitLabClient {
  readonly instanceUrl: string;
  private readonly maxPages: number;
  private readonly maxProjectPages: number;
  private readonly listTime: { maxMs: number; now?: () => number };
  private readonly onListTruncated?: (cut: ListCut) => void;
  /** What each call's gitbeaker resources are built with (`CallApi`), and the handler their requests go through. */
  private readonly resources: ResourceBase;
  private readonly handler: CallHandler;
  private readonly probeSettings: { userAgent: string; trust: InstanceTrust };
  /** This instance's rate-limit budget, as GitLab's headers tell it (one per client: one per instance). */
  private readonly rateLimitGate: RateLimitGate;

  constructor(options: GitLabClientOptions) {
    this.instanceUrl = options.instanceUrl.replace(/\/+$/, '');
    this.maxPages = options.maxPages ?? 20;
    this.maxProjectPages = options.maxProjectPages ?? MEMBER_PROJECT_PAGES;
    this.listTime = { maxMs: options.maxListMs ?? DEFAULT_LIST_MS, now: options.now };
    this.onListTruncated = options.onListTruncated;
    // A CA file adds to the public roots. Without one no `ca` is passed, so VS Code adds the system certificates.
    const trust = new InstanceTrust(options.caPem);
    this.probeSettings = { userAgent: options.userAgent, trust };
    this.rateLimitGate = new RateLimitGate(options.now);
    this.handler = createRequestHandler({
      instanceUrl: this.instanceUrl,
      userAgent: options.userAgent,
      concurrency: new Semaphore(options.maxConcurrency ?? 6),
      timeoutMs: options.timeoutMs ?? 20_000,
      retry: options.retry ?? DEFAULT_RETRY,
      trust,
      onAttempt: options.onAttempt,
      log: options.log,
      rateLimitGate: this.rateLimitGate,
      sleep: options.sleep,
    });
    this.resources = {
      host: this.instanceUrl,
      token: async () => {
        const token = await options.token();
        assertUsableToken(token);
        rememberSecret(token);
        return token;
      },
      queryTimeout: null, // deadlines are ours, per attempt
      rateLimits: {}, // gitbeaker's client-side limiter throttles nothing useful (docs/transport.md)
    };
  }

  /** Whether a GitLab API answers at this address, asked without the token (see instanceProbe.ts). */
  probe(options?: Pick<CallOptions, 'signal' | 'timeoutMs'>): Promise<InstanceProbe> {
    return probeInstance({ instanceUrl: this.instanceUrl, ...this.probeSettings, ...options });
  }

  /** The instance's rate limit per minute, learnt from its `RateLimit-Limit` (a success's or a 429's), else assumed. */
  rateLimit(): LearnedLimit {
    return this.rateLimitGate.limit();
  }

  version(options?: CallOptions): Promise<VersionInfo> {
    // Raw: gitbeaker 43.8 has no resource for `/version`.
    return this.record(options, 'version', (api) => bodyOf(api.raw.get('version')));
  }

  currentUser(options?: CallOptions): Promise<CurrentUser> {
    return this.record(options, 'user', (api) => api.users.showCurrentUser());
  }

  /** The user's email addresses (`GET /user/emails`; whether the primary one is listed varies by version). One page. */
  async userEmails(options?: CallOptions): Promise<UserEmail[]> {
    // Raw: one page of 100 is more addresses than anyone has; gitbeaker's UserEmails.all would follow every page.
    return (await this.firstPage<UserEmail>(options, 'user/emails', { perPage: PER_PAGE })).items;
  }

  /** Another user's public profile; `bot` tells a service account or bot (docs/gitlab-behaviour.md#external-approvals). */
  user(userId: number, options?: CallOptions): Promise<UserProfile> {
    const user = checkedId(userId, 'user id');
    return this.record(options, 'users/:id', (api) => api.users.show(user));
  }

  tokenInfo(options?: CallOptions): Promise<PersonalAccessTokenSelf> {
    return this.record(options, 'personal_access_tokens/self', (api) => api.personalAccessTokens.show());
  }

  project(project: ProjectIdOrPath, options?: CallOptions): Promise<ProjectSummary> {
    return this.record(options, 'projects/:id', (api) => api.projects.show(checkedProject(project)));
  }

  /** Projects the user is a member of with at least `minAccessLevel` (30 = Developer), keyset-paginated by id. */
  memberProjects(minAccessLevel: number, options?: CallOptions): Promise<BoundedList<ProjectSummary>> {
    const query = {
      membership: true,
      minAccessLevel,
      archived: false,
      pagination: 'keyset',
      orderBy: 'id',
      sort: 'asc',
    };
    return this.list(options, 'projects', query, 'keyset', this.maxProjectPages);
  }

  environments(project: ProjectIdOrPath, options?: CallOptions): Promise<BoundedList<Environment>> {
    return this.list(options, `projects/${projectSegment(project)}/environments`, { states: 'available' });
  }

  protectedEnvironments(project: ProjectIdOrPath, options?: CallOptions): Promise<BoundedList<ProtectedEnvironment>> {
    return this.list(options, `projects/${projectSegment(project)}/protected_environments`, {});
  }

  protectedEnvironment(project: ProjectIdOrPath, name: string, options?: CallOptions): Promise<ProtectedEnvironment> {
    // Raw: gitbeaker 43.8's ProtectedEnvironments puts the project and the name into the path unencoded.
    return this.record(options, 'protected_environments/:name', (api) =>
      bodyOf(api.raw.get(protectedEnvironmentPath(project, name))),
    );
  }

  /** Newest first. List items carry no approval fields: `deployment()` has them. */
  blockedDeployments(
    project: ProjectIdOrPath,
    options?: CallOptions & { environment?: string },
  ): Promise<BoundedList<DeploymentListItem>> {
    const query = {
      status: 'blocked',
      ...(options?.environment ? { environment: options.environment } : {}),
      orderBy: 'id',
      sort: 'desc',
    };
    return this.list(options, `projects/${projectSegment(project)}/deployments`, query);
  }

  /**
   * Newest first, `created` deployments: before GitLab 16.3 a fully approved deployment, and a plain manual one, waited
   * there instead of `blocked` (docs/gitlab-behaviour.md#deployment-statuses).
   */
  createdDeployments(project: ProjectIdOrPath, options?: CallOptions): Promise<BoundedList<DeploymentListItem>> {
    const query = { status: 'created', orderBy: 'id', sort: 'desc' };
    return this.list(options, `projects/${projectSegment(project)}/deployments`, query);
  }

  /**
   * The newest 100 `created` deployments (one page): among them a running pipeline's later stages, whose jobs have not
   * started (docs/gitlab-behaviour.md#deployment-statuses). No request lists one pipeline's deployments.
   */
  newestCreatedDeployments(project: ProjectIdOrPath, options?: CallOptions): Promise<BoundedList<DeploymentListItem>> {
    const query = { status: 'created', orderBy: 'id', sort: 'desc' };
    return this.list(options, `projects/${projectSegment(project)}/deployments`, query, 'offset', 1);
  }

  deployment(project: ProjectIdOrPath, deploymentId: number, options?: CallOptions): Promise<DeploymentDetail> {
    return this.record(options, 'deployments/:id', (api) =>
      api.deployments.show(checkedProject(project), checkedId(deploymentId, 'deployment id')),
    );
  }

  /** A write: never retried by the transport, so an approval is never sent twice. */
  setApproval(
    project: ProjectIdOrPath,
    deploymentId: number,
    decision: ApprovalRequest,
    options?: CallOptions,
  ): Promise<DeploymentApproval> {
    const { status, comment, representedAs } = decision;
    return this.record(options, 'deployments/:id/approval', (api) =>
      api.deployments.setApproval(checkedProject(project), checkedId(deploymentId, 'deployment id'), status, {
        ...(comment ? { comment } : {}),
        ...(representedAs ? { representedAs } : {}),
      }),
    );
  }

  playJob(project: ProjectIdOrPath, jobId: number, options?: CallOptions): Promise<JobSummary> {
    return this.record(options, 'jobs/:id/play', (api) =>
      api.jobs.play(checkedProject(project), checkedId(jobId, 'job id')),
    );
  }

  /** One job (`GET …/jobs/:job_id`): its status, `failure_reason`, `started_at`, `finished_at`. */
  job(project: ProjectIdOrPath, jobId: number, options?: CallOptions): Promise<JobSummary> {
    return this.record(options, 'jobs/:id', (api) =>
      api.jobs.show(checkedProject(project), checkedId(jobId, 'job id')),
    );
  }

  /**
   * The end of a job's log (`GET …/jobs/:job_id/trace`, text/plain: GitLab answers the whole log, so only its last
   * `keepLastBytes` are kept while it is read). `cut` says the log was longer. The text can hold secrets: it is never
   * logged (the transport logs no bodies).
   */
  async jobLogEnd(
    project: ProjectIdOrPath,
    jobId: number,
    keepLastBytes: number,
    options?: CallOptions,
  ): Promise<{ text: string; cut: boolean }> {
    const path = `projects/${projectSegment(project)}/jobs/${idSegment(jobId, 'job id')}/trace`;
    // Raw: the answer is text/plain, and gitbeaker reads it whole.
    return this.call({ ...options, rawText: true, keepLastBytes }, async (api) => {
      const response = await api.raw.get(path);
      const text = typeof response.body === 'string' ? response.body : '';
      return { text, cut: response.headers[BODY_CUT_HEADER] === 'true' };
    });
  }

  /** A write: retries a finished job (`POST …/jobs/:job_id/retry`); GitLab answers the new job. Never retried itself. */
  retryJob(project: ProjectIdOrPath, jobId: number, options?: CallOptions): Promise<JobSummary> {
    return this.record(options, 'jobs/:id/retry', (api) =>
      api.jobs.retry(checkedProject(project), checkedId(jobId, 'job id')),
    );
  }

  updateProtectedEnvironment(
    project: ProjectIdOrPath,
    name: string,
    body: ProtectedEnvironmentUpdateBody,
    options?: CallOptions,
  ): Promise<ProtectedEnvironment> {
    // Raw: gitbeaker 43.8 does not encode the project or the name (see protectedEnvironment).
    return this.record(options, 'protected_environments/:name', (api) =>
      bodyOf(api.raw.put(protectedEnvironmentPath(project, name), { body: { ...body } })),
    );
  }

  protectEnvironment(
    project: ProjectIdOrPath,
    body: ProtectedEnvironmentCreateBody,
    options?: CallOptions,
  ): Promise<ProtectedEnvironment> {
    // Raw: gitbeaker 43.8's ProtectedEnvironments.create does not encode a project path.
    const path = `projects/${projectSegment(project)}/protected_environments`;
    return this.record(options, 'protected_environments', (api) => bodyOf(api.raw.post(path, { body: { ...body } })));
  }

  async unprotectEnvironment(project: ProjectIdOrPath, name: string, options?: CallOptions): Promise<void> {
    // Raw: gitbeaker 43.8 does not encode the project or the name (see protectedEnvironment).
    await this.call(options, (api) => api.raw.delete(protectedEnvironmentPath(project, name)));
  }

  /**
   * The project's deploy freezes with the times GitLab computed (GraphQL `Environment.deployFreezes`, GitLab 15.7+;
   * docs/gitlab-behaviour.md#deploy-freezes): the one GraphQL request, a query, sent as POST to `/api/graphql` and
   * treated as a read by the transport (docs/transport.md#the-graphql-query). Freezes are the project's: any of its
   * environments names them. `freezes` is undefined when GitLab answered none for this user (project or environment
   * not visible, no `read_freeze_period`, or a GitLab that does not know the field: its `errors` then say why).
   */
  async deployFreezes(
    projectPath: string,
    environmentName: string,
    options?: CallOptions,
  ): Promise<{ freezes?: unknown[]; errors: string[] }> {
    // Raw: gitbeaker has no GraphQL. It decamelizes body keys: the variables' names are single letters, which it keeps.
    const body = {
      query: DEPLOY_FREEZES_QUERY,
      variables: { p: projectPath, e: environmentName },
    };
    return this.call({ ...options, recordRoute: 'graphql' }, async (api) => {
      const answer = expectRecord<{ data?: unknown; errors?: unknown }>(
        await bodyOf(api.raw.post(GRAPHQL_ENDPOINT, { body })),
        'graphql',
      );
      const errors = Array.isArray(answer.errors)
        ? answer.errors.map((e) => String((e as { message?: unknown } | null)?.message ?? 'error'))
        : [];
      const data = answer.data as { project?: { environment?: { deployFreezes?: unknown } | null } | null } | null;
      const freezes = data?.project?.environment?.deployFreezes;
      return Array.isArray(freezes) ? { freezes, errors } : { errors };
    });
  }

  /**
   * Whether the user belongs to the group directly, and directly or through an ancestor — what group approval rules
   * match on. GitLab answers 404 for a non-member. Both ids come from GitLab, so each is checked to be one segment.
   */
  async groupMembership(
    groupId: number,
    userId: number,
    options?: CallOptions,
  ): Promise<{ direct: boolean; inherited: boolean }> {
    const group = checkedId(groupId, 'group id');
    const user = checkedId(userId, 'user id');
    const isMember = (api: CallApi, includeInherited: boolean) =>
      api.groupMembers.show(group, user, { includeInherited }).then(
        (member) => Boolean(expectRecord(member, 'groups/:id/members/:user_id')),
        (error: unknown) => (isGitLabError(error) && error.kind === 'not-found' ? false : Promise.reject(error)),
      );
    return this.call({ ...options, recordRoute: 'groups/:id/members/:user_id' }, async (api) => {
      const inherited = await isMember(api, true);
      const direct = inherited && (await isMember(api, false));
      return { direct, inherited };
    });
  }

  /**
   * The user's effective role in the project, including groups the project is shared with, which the project's
   * `permissions` leave out (docs/gitlab-behaviour.md#access-levels-and-shares). 0 when GitLab answers 404 (no member).
   */
  projectMemberAccessLevel(project: ProjectIdOrPath, userId: number, options?: CallOptions): Promise<number> {
    const user = checkedId(userId, 'user id');
    return this.memberAccessLevel(options, (api) =>
      api.projectMembers.show(checkedProject(project), user, { includeInherited: true }),
    );
  }

  /** The user's role in a group (by id or full path), inherited from its ancestors included; 0 for a non-member. */
  groupMemberAccessLevel(group: number | string, userId: number, options?: CallOptions): Promise<number> {
    const checkedGroup = typeof group === 'number' ? checkedId(group, 'group id') : checkedName(group, 'group path');
    const user = checkedId(userId, 'user id');
    return this.memberAccessLevel(options, (api) =>
      api.groupMembers.show(checkedGroup, user, { includeInherited: true }),
    );
  }

  private memberAccessLevel(
    options: CallOptions | undefined,
    show: (api: CallApi) => Promise<unknown>,
  ): Promise<number> {
    return this.call({ ...options, recordRoute: 'members/all/:user_id' }, (api) =>
      show(api).then(
        (member) => Number(expectRecord<{ access_level?: unknown }>(member, 'members/all/:user_id').access_level) || 0,
        (error: unknown) => (isGitLabError(error) && error.kind === 'not-found' ? 0 : Promise.reject(error)),
      ),
    );
  }

  // ── Reads for a deployment brief: made when a deployment's page opens, never by the poll. ──

  /** One environment with `last_deployment`, its last successful deployment (what is live). */
  async environment(
    project: ProjectIdOrPath,
    environmentId: number,
    options?: CallOptions,
  ): Promise<EnvironmentWithLastDeployment> {
    const environment = checkedId(environmentId, 'environment id');
    return this.record(options, 'environments/:id', (api) =>
      api.environments.show(checkedProject(project), environment),
    );
  }

  /** The newest deployments of one environment, any status, newest first (one page). */
  async environmentDeployments(
    project: ProjectIdOrPath,
    environmentName: string,
    options?: CallOptions & { perPage?: number },
  ): Promise<DeploymentListItem[]> {
    const query = { environment: environmentName, orderBy: 'id', sort: 'desc', perPage: options?.perPage ?? 20 };
    // Raw: one page only; gitbeaker's Deployments.all would follow every page.
    return (await this.firstPage<DeploymentListItem>(options, `projects/${projectSegment(project)}/deployments`, query))
      .items;
  }

  /** `git log from..to` and the file diffs; `straight` diffs `from` against `to` directly instead of their merge base. */
  async compare(
    project: ProjectIdOrPath,
    from: string,
    to: string,
    options?: CallOptions & { straight?: boolean },
  ): Promise<Comparison> {
    const straight = options?.straight ?? false;
    return this.record(options, 'repository/compare', (api) =>
      api.repositories.compare(checkedProject(project), from, to, { straight }),
    );
  }

  /** The merge requests a commit belongs to (one page). */
  async commitMergeRequests(
    project: ProjectIdOrPath,
    sha: string,
    options?: CallOptions,
  ): Promise<MergeRequestSummary[]> {
    // Raw: one page only; gitbeaker's Commits.allMergeRequests would follow every page.
    const path = `projects/${projectSegment(project)}/repository/commits/${nameSegment(sha, 'commit sha')}/merge_requests`;
    return (await this.firstPage<MergeRequestSummary>(options, path, {})).items;
  }

  /** A file's content at a ref, as text (the one read whose answer is not JSON). The path is one URL-encoded segment. */
  async rawFile(project: ProjectIdOrPath, filePath: string, ref: string, options?: CallOptions): Promise<string> {
    const path = `projects/${projectSegment(project)}/repository/files/${nameSegment(filePath, 'file path')}/raw`;
    // Raw: the answer is text/plain, not a record, and gitbeaker 43.8 types RepositoryFiles.showRaw as `string | Blob`.
    return this.call({ ...options, rawText: true }, async (api) => {
      const body = await bodyOf(api.raw.get(path, { searchParams: { ref } }));
      return typeof body === 'string' ? body : JSON.stringify(body, null, 2);
    });
  }

  /** A pipeline's jobs, newest first, optionally only those with the given statuses (one page of 100). */
  async pipelineJobs(
    project: ProjectIdOrPath,
    pipelineId: number,
    options?: CallOptions & { scope?: string[] },
  ): Promise<JobSummary[]> {
    // Raw: one page only; gitbeaker's Jobs.all would follow every page.
    const path = `projects/${projectSegment(project)}/pipelines/${idSegment(pipelineId, 'pipeline id')}/jobs`;
    const query = { ...(options?.scope ? { scope: options.scope } : {}), perPage: PER_PAGE };
    return (await this.firstPage<JobSummary>(options, path, query)).items;
  }

  /**
   * The project's audit events since a moment, newest first (`GET /projects/:id/audit_events`: EE, Premium+; Developers
   * see only their own, Maintainers everyone's, docs/gitlab-behaviour.md#audit-events). Bounded like every list.
   */
  projectAuditEvents(
    project: ProjectIdOrPath,
    options?: CallOptions & { createdAfter?: string },
  ): Promise<BoundedList<AuditEvent>> {
    const query = options?.createdAfter ? { createdAfter: options.createdAfter } : {};
    return this.list(options, `projects/${projectSegment(project)}/audit_events`, query);
  }

  /** A group's members: direct ones, or with those of its ancestor groups (`inherited`). One page and the total. */
  async groupMembers(
    groupId: number,
    options?: CallOptions & { inherited?: boolean; perPage?: number },
  ): Promise<CountedPage<Member>> {
    // Raw: one page and its `x-total`; gitbeaker's GroupMembers.all follows every page and drops the headers.
    const path = `groups/${idSegment(groupId, 'group id')}/members${options?.inherited ? '/all' : ''}`;
    return this.firstPage(options, path, { perPage: options?.perPage ?? 20 });
  }

  /** Everyone with access to the project (direct, through its groups, or invited groups), with their highest level. */
  async projectMembers(
    project: ProjectIdOrPath,
    options?: CallOptions & { perPage?: number },
  ): Promise<CountedPage<Member>> {
    // Raw: one page and its `x-total` (as groupMembers).
    const path = `projects/${projectSegment(project)}/members/all`;
    return this.firstPage(options, path, { perPage: options?.perPage ?? 20 });
  }

  /** One page of a list and GitLab's `x-total`, for reads that show a bounded list with a count. */
  private firstPage<T>(
    options: CallOptions | undefined,
    path: string,
    searchParams: Record<string, unknown>,
  ): Promise<CountedPage<T>> {
    return this.call(options, async (api) => {
      // Raw: gitbeaker's list methods follow every page and hand back no headers, so no `x-total`.
      const response = await api.raw.get<Record<string, unknown>[]>(path, { searchParams });
      const total = Number(response.headers['x-total']);
      const items = expectRecords<T>(response.body, path);
      return { items, ...(response.headers['x-total'] && Number.isInteger(total) ? { total } : {}) };
    });
  }

  /**
   * One record: the body must be a JSON object (gitbeaker hands back whatever the body was). The transport checks it
   * too, before gitbeaker could take a list answer with a `Link` header as a reason to page (`recordRoute`).
   */
  private record<T>(
    options: CallOptions | undefined,
    route: string,
    run: (api: CallApi) => Promise<unknown>,
  ): Promise<T> {
    return this.call({ ...options, recordRoute: route }, async (api) => expectRecord<T>(await run(api), route));
  }

  private list<T>(
    options: CallOptions | undefined,
    path: string,
    query: Record<string, unknown>,
    mode: 'offset' | 'keyset' = 'offset',
    maxPages = this.maxPages,
  ): Promise<BoundedList<T>> {
    return this.call(options, async (api) => {
      // Raw: gitbeaker's list methods follow every `Link` page, unbounded; readAllPages stops at maxPages.
      const bound = { maxPages, perPage: PER_PAGE, ...this.listTime };
      const list = await readAllPages<T>(api.raw, path, query, bound, mode);
      if (list.truncated) this.onListTruncated?.(list.truncated);
      return list;
    });
  }

  /**
   * One call: gitbeaker's resources bound to its settings (`CallApi`), so each of its requests — every page and retry —
   * carries them, however calls interleave.
   */
  private async call<T>(options: CallOptions | undefined, run: (api: CallApi) => Promise<T>): Promise<T> {
    return run(new CallApi(this.resources, this.handler, options ?? {}));
  }
}

/** gitbeaker 43.8 does not encode these segments (see docs/transport.md), so we build the path ourselves. */
function protectedEnvironmentPath(project: ProjectIdOrPath, name: string): string {
  return `projects/${projectSegment(project)}/protected_environments/${nameSegment(name, 'environment name')}`;
}

/** gitbeaker encodes each argument as one segment; these make sure it is a usable one (never "." or ".."). */
function checkedProject(project: ProjectIdOrPath): ProjectIdOrPath {
  projectSegment(project);
  return project;
}

function checkedId(id: number, what: string): number {
  return Number(idSegment(id, what));
}

function checkedName(name: string, what: string): string {
  nameSegment(name, what);
  return name;
}

/** The raw requester answers `{ body, headers, status }`; gitbeaker's resources answer the body itself. */
async function bodyOf(response: Promise<{ body: unknown }>): Promise<unknown> {
  return (await response).body;
}
