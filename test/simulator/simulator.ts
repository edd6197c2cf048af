// The simulator handle: two loopback listeners (the instance and a second origin for the redirect fault), the state, the
// faults, the request log and the rate limiter.
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { finish, handleApiRequest, Listener } from './apiHandler';
import { approveDeployment, ApprovalResult } from './approvalService';
import { deploymentStatus, pendingApprovalCount } from './approvalRules';
import type { SimContext } from './context';
import { handleControl } from './control';
import type { Json } from './entities';
import { Faults } from './faults';
import { stepJobs } from './jobRunner';
import type { Deployment, Environment, Project, User } from './model';
import { getProfile, Profile, ProfileName } from './profiles';
import { RateLimiter } from './rateLimit';
import { RequestLog } from './requestLog';
import { applyScenario, ScenarioOption } from './scenarios';
import { CreatedDeployment, SimState } from './state';
import { generateCertificate } from './tls';

export interface SimulatorOptions {
  /** Port of the instance listener; 0 (default) picks a free one. */
  port?: number;
  /** Loopback address to bind (default 127.0.0.1). */
  host?: string;
  /** Version/edition profile (default 'latest'; '17+' is an alias). Switchable later with `setProfile`. */
  profile?: ProfileName | '17+';
  /** 'demo' (default), 'empty', a generator spec, or a function that seeds the state itself. */
  scenario?: ScenarioOption;
  /** Serve HTTPS with a freshly generated self-signed certificate (its PEM is `caPem`). */
  https?: boolean;
  /** Serve the instance under a sub-path, e.g. '/gitlab' → API at `<origin>/gitlab/api/v4`. */
  basePath?: string;
  /** Authenticated API requests per user per minute (default 2000, like gitlab.com). */
  rateLimitPerMinute?: number;
  /** Successes carry the RateLimit-* headers (default, GitLab.com); false: only 429s do (the feature flag off). */
  rateLimitHeadersOnSuccess?: boolean;
  /** Unauthenticated API requests per IP per minute (default 500, like gitlab.com). */
  unauthenticatedRateLimitPerMinute?: number;
  /** Clock for timestamps of records created at run time and for rate-limit windows (default: real time). */
  clock?: () => Date;
  /**
   * A runner step every this many ms (jobRunner.ts: started jobs run and write their logs). Off by default: tests step
   * with `stepJobs()` or `POST /__sim/jobs/step`; the demo and `npm run sim` turn it on.
   */
  jobStepMs?: number;
}

export interface ApproveOptions {
  deployment: number | Deployment;
  /** Username of the approver. */
  as: string;
  status?: 'approved' | 'rejected' | string;
  comment?: string;
  representedAs?: string;
}

export interface BlockedDeploymentOptions {
  /** Project id, full path, or record. */
  project: number | string | Project;
  /** Environment name (created if the project lacks it) or record. */
  environment: string | Environment;
  /** Username or record; default the scenario's main user. */
  triggeredBy?: string | User;
  ref?: string;
  jobName?: string;
}

export class Simulator {
  readonly state: SimState;
  readonly faults = new Faults();
  readonly requestLog = new RequestLog();
  readonly limiter: RateLimiter;
  readonly context: SimContext;
  /** Instance URL including the base path, no trailing slash. */
  url = '';
  origin = '';
  apiUrl = '';
  /** The second listener's origin: the redirect fault sends clients there. */
  otherOrigin = '';
  caPem: string | undefined;

  private readonly servers: (http.Server | https.Server)[] = [];
  private closeSignal!: () => void;
  private readonly closing = new Promise<void>((resolve) => (this.closeSignal = resolve));
  private closed = false;
  private jobTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: SimulatorOptions = {}) {
    const clock = options.clock ?? (() => new Date());
    this.state = new SimState(clock);
    this.context = { state: this.state, profile: getProfile(options.profile), webUrl: '' };
    this.limiter = new RateLimiter({
      authenticatedPerMinute: options.rateLimitPerMinute ?? 2000,
      unauthenticatedPerMinute: options.unauthenticatedRateLimitPerMinute ?? 500,
      now: () => clock().getTime(),
      headersOnSuccess: options.rateLimitHeadersOnSuccess,
    });
    applyScenario(this.state, options.scenario ?? 'demo');
    if (options.jobStepMs) {
      this.jobTimer = setInterval(() => stepJobs(this.state), options.jobStepMs);
      this.jobTimer.unref();
    }
  }

  /** One runner step: started jobs move on (queued → running → their end) and write their next log lines. */
  stepJobs(times = 1): number {
    let moved = 0;
    for (let i = 0; i < times; i++) moved += stepJobs(this.state);
    return moved;
  }

  get profile(): Profile {
    return this.context.profile;
  }

  /** Switches the version/edition profile at run time. */
  setProfile(name: string): void {
    this.context.profile = getProfile(name);
  }

  /** A working `api` token for the user (created on first use). */
  tokenFor(username: string): string {
    return this.state.tokenFor(username);
  }

  /** The scenario's main user's token (`demo` in the demo scenario). */
  get defaultToken(): string {
    if (!this.state.mainUsername) throw new Error('this scenario has no main user');
    return this.tokenFor(this.state.mainUsername);
  }

  clearLog(): void {
    this.requestLog.clear();
  }

  /** Creates a blocked deployment (manual deploy job in a new pipeline). */
  createBlockedDeployment(options: BlockedDeploymentOptions): CreatedDeployment {
    const project = typeof options.project === 'object' ? options.project : this.state.findProject(options.project);
    if (!project) throw new Error(`no project ${String(options.project)}`);
    const environment =
      typeof options.environment === 'object'
        ? options.environment
        : (this.state.findEnvironment(project, options.environment) ??
          this.state.addEnvironment({ project, name: options.environment }));
    const triggeredBy =
      typeof options.triggeredBy === 'object'
        ? options.triggeredBy
        : this.state.user(options.triggeredBy ?? this.state.mainUsername ?? 'root');
    return this.state.addBlockedDeployment({
      project,
      environment,
      triggeredBy,
      ref: options.ref,
      jobName: options.jobName,
    });
  }

  /** Approves or rejects as another user, through the same service (checks, texts and upsert) as the REST route. */
  approve(options: ApproveOptions): ApprovalResult {
    const deployment =
      typeof options.deployment === 'object' ? options.deployment : this.state.deployments.get(options.deployment);
    if (!deployment) throw new Error(`no deployment ${String(options.deployment)}`);
    return approveDeployment(this.context, {
      deployment,
      user: this.state.user(options.as),
      status: options.status ?? 'approved',
      comment: options.comment,
      representedAs: options.representedAs,
    });
  }

  /** A JSON overview for `GET /__sim/state`. */
  summary(): Json {
    const ctx = this.context;
    // A removed project's deployments are gone with it.
    const blocked = [...this.state.deployments.values()].filter(
      (d) => this.state.projects.has(d.projectId) && deploymentStatus(ctx, d) === 'blocked',
    );
    return {
      url: this.url,
      apiUrl: this.apiUrl,
      otherOrigin: this.otherOrigin,
      profile: this.profile.name,
      version: this.profile.version,
      mainUser: this.state.mainUsername ?? null,
      defaultToken: this.state.mainUsername ? this.defaultToken : null,
      counts: {
        users: this.state.users.size,
        groups: this.state.groups.size,
        projects: this.state.projects.size,
        environments: this.state.environments.size,
        protectedEnvironments: this.state.protectedEnvironments.size,
        deployments: this.state.deployments.size,
        blockedDeployments: blocked.length,
        requests: this.requestLog.length,
      },
      users: [...this.state.users.values()].map((u) => ({
        id: u.id,
        username: u.username,
        name: u.name,
        admin: u.admin,
      })),
      projects: [...this.state.projects.values()].map((p) => ({
        id: p.id,
        path_with_namespace: this.state.projectFullPath(p),
      })),
      blockedDeployments: blocked.map((d) => ({
        id: d.id,
        iid: d.iid,
        project_id: d.projectId,
        project: this.state.projectFullPath(this.state.projects.get(d.projectId)!),
        environment: this.state.environments.get(d.environmentId)!.name,
        triggered_by: this.state.users.get(d.userId)!.username,
        job_id: d.jobId,
        pending_approval_count: pendingApprovalCount(ctx, d),
      })),
    };
  }

  async listen(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    const basePath = normalizeBasePath(this.options.basePath);
    const tls = this.options.https ? await generateCertificate() : undefined;
    this.caPem = tls?.cert;
    const protocol = tls ? 'https' : 'http';
    const hostInUrl = host.includes(':') ? `[${host}]` : host;
    const make = (listener: () => Listener) => {
      const handler: http.RequestListener = (req, res) => this.dispatch(req, res, listener(), basePath);
      return tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
    };
    const main = make(() => ({ origin: this.origin, other: false }));
    const other = make(() => ({ origin: this.otherOrigin, other: true }));
    this.servers.push(main, other);
    const port = await listenOn(main, this.options.port ?? 0, host);
    const otherPort = await listenOn(other, 0, host);
    this.origin = `${protocol}://${hostInUrl}:${port}`;
    this.otherOrigin = `${protocol}://${hostInUrl}:${otherPort}`;
    this.url = `${this.origin}${basePath}`;
    this.apiUrl = `${this.url}/api/v4`;
    this.context.webUrl = this.url;
  }

  private dispatch(req: http.IncomingMessage, res: http.ServerResponse, listener: Listener, basePath: string): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://sim.invalid');
      const relative =
        basePath && url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : url.pathname;
      if (relative === '/__sim' || relative.startsWith('/__sim/')) {
        let parsed: unknown;
        try {
          parsed = body.length ? JSON.parse(body.toString('utf8')) : undefined;
        } catch {
          // A control request with a broken body is treated as having none.
        }
        const response = handleControl(this, (req.method ?? 'GET').toUpperCase(), relative, url.searchParams, parsed);
        const scratch = { status: null } as unknown as Parameters<typeof finish>[1];
        finish(res, scratch, response, req.method ?? 'GET');
        return;
      }
      handleApiRequest(
        {
          ctx: this.context,
          basePath,
          faults: this.faults,
          limiter: this.limiter,
          log: this.requestLog,
          otherOrigin: () => this.otherOrigin,
          closing: this.closing,
        },
        req,
        res,
        listener,
        body,
      ).catch((e) => {
        console.error('[gitlab-simulator] request failed:', e);
        if (!res.headersSent)
          res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"500 Internal Server Error"}');
      });
    });
  }

  /** Stops both listeners, ending hanging and keep-alive connections. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.jobTimer) clearInterval(this.jobTimer);
    this.closeSignal();
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  }
}

function normalizeBasePath(basePath: string | undefined): string {
  if (!basePath || basePath === '/') return '';
  return `/${basePath.replace(/^\/+|\/+$/g, '')}`;
}

function listenOn(server: http.Server | https.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts a simulator on loopback and resolves once both listeners accept connections. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = new Simulator(options);
  await sim.listen();
  return sim;
}
