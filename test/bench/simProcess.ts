// The bench's simulator, in its own process so that the bench's CPU time and heap are the extension's alone.
// Started with a generator spec (JSON in argv); answers the bench over IPC.
import { startSimulator } from '../simulator';
import type { GeneratorSpec } from '../simulator/scenarios/generate';

export interface SimReady {
  url: string;
  token: string;
  blocked: number;
  /** Projects with no recent activity and no blocked deployment (id and path). */
  quiet: { id: number; path: string }[];
  /** Projects with recent activity. */
  active: { id: number; path: string }[];
}

export type SimCommand =
  | { cmd: 'clearLog' }
  | { cmd: 'log' }
  | { cmd: 'create'; project: string; triggeredBy?: string }
  | { cmd: 'latency'; ms: number; jitterMs: number };

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
      case 'latency':
        sim.faults.clear();
        sim.faults.add({ kind: 'latency', ms: message.ms, jitterMs: message.jitterMs });
        return reply(null);
    }
  });
  process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
