// The bench's simulator, in its own process so that the bench's CPU time and heap are the extension's alone.
// Started with a generator spec and the instance's rate limit (JSON in argv); answers the bench over IPC. Its clock is
// the bench's virtual one (real time plus an offset the bench moves), so its rate-limit windows pass with the polls.
import { startSimulator, type Simulator } from '../simulator';
import {
  associatedApprovalRules,
  deploymentStatus,
  environmentOf,
  waitingForApproval,
} from '../simulator/approvalRules';
import { AccessLevel } from '../simulator/model';
import type { GeneratorSpec } from '../simulator/scenarios/generate';

export interface SimReady {
  url: string;
  token: string;
  blocked: number;
  /** Projects with no recent activity and no blocked deployment (id and path). */
  quiet: { id: number; path: string }[];
  /** Projects with recent activity. */
  active: { id: number; path: string }[];
  /** Blocked deployments in projects with no recent activity (ids). */
  quietBlocked: number[];
}

export interface SimSpec extends GeneratorSpec {
  /** The instance's authenticated API limit per minute (GitLab.com: 2,000). */
  rateLimitPerMinute: number;
}

export type SimCommand =
  | { cmd: 'clock'; offsetMs: number }
  /** The person's own requests (a browser, a script) on the same account, sent at once; answers how many were refused. */
  | { cmd: 'person'; requests: number }
  /** Someone else (a Maintainer of the deployment's project) approves it; answers whether GitLab took it. */
  | { cmd: 'approveAsOther'; deploymentId: number }
  | { cmd: 'clearLog' }
  | { cmd: 'log' }
  | { cmd: 'create'; project: string; triggeredBy?: string }
  | { cmd: 'latency'; ms: number; jitterMs: number }
  | { cmd: 'floor'; projectIds?: number[] }
  /** An endpoint's own 429 (`Retry-After` only) on the next `times` requests of a route. */
  | { cmd: 'endpoint429'; route: string; retryAfterSeconds: number; times: number }
  | { cmd: 'throttledReads' };

export interface ThrottledReads {
  reads: ThrottledRead[];
  /** Other GETs sent more than once meanwhile (a refresh started over would send them all again). */
  othersSentTwice: number;
}

/** A read of the extension's that GitLab answered 429, and what came of it. */
export interface ThrottledRead {
  path: string;
  /** Simulator (virtual) ms from the 429 to the same read sent again; undefined if it was not. */
  sentAgainAfterMs?: number;
  /** The status of that second answer. */
  sentAgainStatus?: number | null;
}

/**
 * The reads a view of these projects (all when none are named) cannot do without, beyond /user, /version and the
 * project pages: one blocked list per project, one detail per blocked deployment, the user's effective role in each
 * project below Maintainer with something blocked (`members/all`), and the user's role in each top-level group holding
 * a blocked deployment with a role rule (`groups/:id/members/all`), and what is live on each environment where a job
 * waits to be run (`environments/:id`: GitLab refuses to run an older one), as docs/polling.md lists them.
 */
export interface FloorReads {
  lists: number;
  details: number;
  projectRoles: number;
  topGroupRoles: number;
  liveEnvironments: number;
}

export interface SimLog {
  requests: number;
  byRoute: Record<string, number>;
  /** Project ids whose blocked list was read. */
  listed: number[];
  /** Deployment ids whose detail was read. */
  detailed: number[];
  /** The extension's requests GitLab refused with 429. */
  throttled: number;
  /** When each of the extension's requests arrived, on the simulator's (virtual) clock, epoch ms. */
  times: number[];
}

/** The person's requests are marked so that they are not counted as the extension's. */
const PERSON_QUERY = 'person=1';

const ACTIVE_WITHIN_MS = 30 * 24 * 60 * 60 * 1000;

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2]) as SimSpec;
  let offsetMs = 0;
  const sim = await startSimulator({
    scenario: spec,
    rateLimitPerMinute: spec.rateLimitPerMinute,
    clock: () => new Date(Date.now() + offsetMs),
  });
  const now = Date.now();
  const projects = [...sim.state.projects.values()];
  const describe = (p: (typeof projects)[number]) => ({ id: p.id, path: sim.state.projectFullPath(p) });
  const withoutBlocked = projects.filter((p) => sim.state.deploymentsOf(p).length === 0);
  const ready: SimReady = {
    url: sim.url,
    token: sim.defaultToken,
    blocked: projects.reduce((n, p) => n + sim.state.deploymentsOf(p).length, 0),
    quiet: withoutBlocked.filter((p) => now - Date.parse(p.lastActivityAt) > ACTIVE_WITHIN_MS).map(describe),
    active: projects.filter((p) => now - Date.parse(p.lastActivityAt) <= ACTIVE_WITHIN_MS).map(describe),
    quietBlocked: projects
      .filter((p) => now - Date.parse(p.lastActivityAt) > ACTIVE_WITHIN_MS)
      .flatMap((p) => sim.state.deploymentsOf(p).map((d) => d.id)),
  };
  process.send!({ ready });
  process.on('message', (message: SimCommand & { seq: number }) => {
    const reply = (value: unknown) => process.send!({ seq: message.seq, value });
    switch (message.cmd) {
      case 'clearLog':
        sim.clearLog();
        return reply(null);
      case 'approveAsOther': {
        const deployment = sim.state.deployments.get(message.deploymentId);
        const project = deployment && sim.state.projects.get(deployment.projectId);
        if (!project) return reply(false);
        const other = sim.state.findUser('ops') ?? sim.state.addUser({ username: 'ops', name: 'Ops Person' });
        sim.state.addMember(project, other, 40);
        return reply(sim.approve({ deployment: message.deploymentId, as: 'ops' }).ok);
      }
      case 'clock':
        offsetMs = message.offsetMs;
        return reply(null);
      case 'endpoint429':
        sim.faults.add({
          kind: 'rate-limit',
          endpoint: true,
          retryAfter: message.retryAfterSeconds,
          route: message.route,
          times: message.times,
        });
        return reply(null);
      case 'throttledReads': {
        const entries = sim.requestLog.all().filter((entry) => entry.query !== PERSON_QUERY);
        const key = (entry: (typeof entries)[number]) => `${entry.method} ${entry.path}?${entry.query}`;
        const throttledKeys = new Set(entries.filter((entry) => entry.status === 429).map(key));
        const sent = new Map<string, number>();
        // GETs only: the GraphQL reads (deploy freezes) all POST to one path and differ in their bodies, not logged.
        for (const entry of entries.filter((e) => e.method === 'GET'))
          sent.set(key(entry), (sent.get(key(entry)) ?? 0) + 1);
        const reads = entries.flatMap((entry, i) => {
          if (entry.status !== 429) return [];
          const again = entries.slice(i + 1).find((later) => key(later) === key(entry));
          const read: ThrottledRead = {
            path: entry.path,
            sentAgainAfterMs: again && Date.parse(again.time) - Date.parse(entry.time),
            sentAgainStatus: again?.status,
          };
          return [read];
        });
        const othersSentTwice = [...sent].filter(([k, times]) => times > 1 && !throttledKeys.has(k)).length;
        return reply({ reads, othersSentTwice } satisfies ThrottledReads);
      }
      case 'person':
        return void person(sim.apiUrl, sim.defaultToken, message.requests).then(reply);
      case 'log': {
        const entries = sim.requestLog.all().filter((entry) => entry.query !== PERSON_QUERY);
        const byRoute: Record<string, number> = {};
        const listed: number[] = [];
        const detailed: number[] = [];
        for (const entry of entries) {
          const deployment = /\/deployments\/(\d+)$/.exec(entry.path)?.[1];
          if (entry.route === 'deployments.get' && deployment) detailed.push(Number(deployment));
          const route = entry.route ?? entry.path;
          byRoute[route] = (byRoute[route] ?? 0) + 1;
          const id = /\/projects\/(\d+)\/deployments$/.exec(entry.path)?.[1];
          if (entry.route === 'deployments.list' && id) listed.push(Number(id));
        }
        return reply({
          requests: entries.length,
          byRoute,
          listed,
          detailed,
          throttled: entries.filter((entry) => entry.status === 429).length,
          times: entries.map((entry) => Date.parse(entry.time)),
        } satisfies SimLog);
      }
      case 'create': {
        const created = sim.createBlockedDeployment({
          project: message.project,
          environment: 'production',
          triggeredBy: message.triggeredBy,
        });
        return reply(created.deployment.id);
      }
      case 'floor':
        return reply(floorReads(sim, message.projectIds));
      case 'latency':
        sim.faults.clear();
        sim.faults.add({ kind: 'latency', ms: message.ms, jitterMs: message.jitterMs });
        return reply(null);
    }
  });
  process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
}

/** The person's requests, all at once (the same token: the same rate-limit key); how many GitLab refused. */
async function person(apiUrl: string, token: string, requests: number): Promise<number> {
  const answers = await Promise.all(
    Array.from({ length: requests }, () =>
      fetch(`${apiUrl}/user?${PERSON_QUERY}`, { headers: { 'PRIVATE-TOKEN': token } }).then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      }),
    ),
  );
  return answers.filter((status) => status === 429).length;
}

function floorReads(sim: Simulator, projectIds?: number[]): FloorReads {
  const { state } = sim;
  const ctx = sim.context;
  const user = state.user(state.mainUsername ?? 'demo');
  const projects = projectIds ? projectIds.flatMap((id) => state.projects.get(id) ?? []) : [...state.projects.values()];
  const reads: FloorReads = {
    lists: projects.length,
    details: 0,
    projectRoles: 0,
    topGroupRoles: 0,
    liveEnvironments: 0,
  };
  const topGroups = new Set<number>();
  for (const project of projects) {
    const blocked = state.deploymentsOf(project).filter((d) => deploymentStatus(ctx, d) === 'blocked');
    if (!blocked.length) continue;
    reads.details += blocked.length;
    // The level the project list's `permissions` carry: direct membership, or the namespace's group (not shares).
    const group = project.groupId === null ? undefined : state.groups.get(project.groupId);
    const ancestry = group ? state.groupAncestry(group) : [];
    const listed = Math.max(project.members.get(user.id) ?? 0, ...ancestry.map((g) => g.members.get(user.id) ?? 0));
    if (listed < AccessLevel.Maintainer) reads.projectRoles++;
    const roleRule = blocked.some((d) =>
      associatedApprovalRules(ctx, environmentOf(ctx, d)).some(({ rule }) => rule.accessLevel !== null),
    );
    const top = ancestry.at(-1);
    if (roleRule && top) topGroups.add(top.id);
    if (project.ciForwardDeploymentEnabled) {
      const toRun = blocked.filter(
        (d) => !waitingForApproval(ctx, d) && !state.approvalsOf(d).some((a) => a.status === 'rejected'),
      );
      reads.liveEnvironments += new Set(toRun.map((d) => d.environmentId)).size;
    }
  }
  reads.topGroupRoles = topGroups.size;
  return reads;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
