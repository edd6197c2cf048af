// The bench's simulator, in its own process so that the bench's CPU time and heap are the extension's alone.
// Started with a generator spec (JSON in argv); answers the bench over IPC.
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

export type SimCommand =
  | { cmd: 'clearLog' }
  | { cmd: 'log' }
  | { cmd: 'create'; project: string; triggeredBy?: string }
  | { cmd: 'latency'; ms: number; jitterMs: number }
  | { cmd: 'floor'; projectIds?: number[] };

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
}

const ACTIVE_WITHIN_MS = 30 * 24 * 60 * 60 * 1000;

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2]) as GeneratorSpec;
  const sim = await startSimulator({ scenario: spec, rateLimitPerMinute: 1_000_000_000 });
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
      case 'log': {
        const entries = sim.requestLog.all();
        const byRoute: Record<string, number> = {};
        const listed: number[] = [];
        for (const entry of entries) {
          const route = entry.route ?? entry.path;
          byRoute[route] = (byRoute[route] ?? 0) + 1;
          const id = /\/projects\/(\d+)\/deployments$/.exec(entry.path)?.[1];
          if (entry.route === 'deployments.list' && id) listed.push(Number(id));
        }
        return reply({ requests: entries.length, byRoute, listed } satisfies SimLog);
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
