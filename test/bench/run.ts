// A measurement, not a test: requests and wall time of a cold load and of one steady poll, for our engine and for a naive
// gitbeaker client, against generated simulator instances with injected latency. `npm run bench`; writes test-results/bench.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Gitlab } from '@gitbeaker/rest';
import { GitLabClient } from '../../src/core/gitlab/client';
import { RefreshEngine } from '../../src/core/refresh/engine';
import { InstanceSession } from '../../src/core/refresh/instanceSession';
import { startSimulator, type Simulator } from '../simulator';

const LATENCY_MS = 50;
const JITTER_MS = 20; // 40–60 ms: 50 ± 10
const CONCURRENCY = 6; // the client's default cap
const SIZES = [
  { projects: 10, environmentsPerProject: 3, blockedPerProject: 2 },
  { projects: 100, environmentsPerProject: 3, blockedPerProject: 2 },
  { projects: 500, environmentsPerProject: 3, blockedPerProject: 1 },
];

interface Measurement {
  requests: number;
  ms: number;
  /** The fewest requests that can produce the data, and the shortest time they can take at this concurrency. */
  minRequests: number;
  minMs: number;
  byRoute?: Record<string, number>;
  note?: string;
}

interface Row {
  projects: number;
  blocked: number;
  client: 'engine' | 'naive';
  phase: 'cold' | 'poll';
  measurement: Measurement;
}

/**
 * Cold: 1 user + 1 version + ⌈P/100⌉ project pages + per project 1 blocked list (+ environments and protected
 * environments where Maintainer+, the only ones who can change them) + 1 detail per blocked deployment. Poll: P blocked
 * lists, nothing else (no change).
 * Time: ⌈requests ÷ concurrency⌉ × latency (ignores that some requests depend on others, so it is generous).
 */
function lowerBounds(projects: number, maintainerProjects: number, blocked: number, concurrency: number) {
  const cold = 2 + Math.ceil(projects / 100) + projects + 2 * maintainerProjects + blocked;
  const poll = projects;
  const time = (requests: number) => Math.ceil(requests / concurrency) * LATENCY_MS;
  return { cold, poll, coldMs: time(cold), pollMs: time(poll) };
}

async function measure(
  sim: Simulator,
  run: () => Promise<void>,
): Promise<{ requests: number; ms: number; byRoute: Record<string, number> }> {
  sim.clearLog();
  const started = performance.now();
  await run();
  const ms = Math.round(performance.now() - started);
  const byRoute: Record<string, number> = {};
  for (const entry of sim.requestLog.all())
    byRoute[entry.route ?? entry.path] = (byRoute[entry.route ?? entry.path] ?? 0) + 1;
  return { requests: sim.requestLog.length, ms, byRoute };
}

async function benchEngine(sim: Simulator, bounds: ReturnType<typeof lowerBounds>): Promise<Measurement[]> {
  const client = new GitLabClient({
    instanceUrl: sim.url,
    token: async () => sim.defaultToken,
    userAgent: 'bench',
    maxConcurrency: CONCURRENCY,
  });
  const session = new InstanceSession(client, () => ({ explicit: [], membership: true, remotePaths: [] }));
  const engine = new RefreshEngine({ intervalMs: () => 3_600_000 });
  try {
    engine.resume();
    const cold = await measure(sim, () => engine.setSessions([session]));
    const poll = await measure(sim, () => engine.refresh('poll'));
    const instance = engine.snapshot().instances[0];
    if (instance.error) throw new Error(`engine failed: ${instance.error.detail}`);
    return [
      { ...cold, minRequests: bounds.cold, minMs: bounds.coldMs },
      { ...poll, minRequests: bounds.poll, minMs: bounds.pollMs },
    ];
  } finally {
    engine.dispose();
  }
}

/** What a first attempt looks like: plain gitbeaker, default requester, sequential `.all()`, everything refetched. */
async function naiveRefresh(api: InstanceType<typeof Gitlab>): Promise<void> {
  const projects = await api.Projects.all({ membership: true, minAccessLevel: 30 });
  for (const project of projects) {
    await api.Environments.all(project.id);
    const blocked = await api.Deployments.all(project.id, { status: 'blocked' });
    for (const deployment of blocked) await api.Deployments.show(project.id, deployment.id);
  }
}

async function benchNaive(
  sim: Simulator,
  bounds: ReturnType<typeof lowerBounds>,
  runPoll: boolean,
): Promise<Measurement[]> {
  const api = new Gitlab({ host: sim.url, token: sim.defaultToken });
  const cold = await measure(sim, () => naiveRefresh(api));
  // The naive poll is the same work as its cold load; from 100 projects on it is not repeated, to keep the bench under ~3 minutes.
  const poll = runPoll
    ? await measure(sim, () => naiveRefresh(api))
    : { ...cold, note: 'same requests as cold (not re-run)' };
  return [
    { ...cold, minRequests: bounds.cold, minMs: bounds.coldMs },
    { ...poll, minRequests: bounds.poll, minMs: bounds.pollMs },
  ];
}

function printTable(rows: Row[]): void {
  const header = [
    'projects',
    'blocked',
    'client',
    'phase',
    'requests',
    'min req',
    'req ratio',
    'wall ms',
    'min ms',
    'time ratio',
  ];
  const lines = rows.map((r) => {
    const m = r.measurement;
    return [
      String(r.projects),
      String(r.blocked),
      r.client,
      r.phase,
      String(m.requests),
      String(m.minRequests),
      (m.requests / m.minRequests).toFixed(2),
      String(m.ms) + (m.note ? '*' : ''),
      String(m.minMs),
      (m.ms / m.minMs).toFixed(2),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) =>
    cells.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
  if (rows.some((r) => r.measurement.note))
    console.log('* naive poll at this size = its cold load (identical requests), not re-run');
}

async function main(): Promise<void> {
  console.log(
    `latency ${LATENCY_MS} ± ${JITTER_MS / 2} ms per request; engine concurrency ${CONCURRENCY}; naive = sequential gitbeaker\n`,
  );
  const rows: Row[] = [];
  const pollRoutes: Record<number, Record<string, number>> = {};
  for (const spec of SIZES) {
    const sim = await startSimulator({ scenario: spec, rateLimitPerMinute: 1_000_000_000 });
    try {
      sim.faults.add({ kind: 'latency', ms: LATENCY_MS - JITTER_MS / 2, jitterMs: JITTER_MS });
      const blocked = spec.projects * spec.blockedPerProject;
      // The generator makes the main user a Maintainer of every project, so every project's protections are read.
      const bounds = lowerBounds(spec.projects, spec.projects, blocked, CONCURRENCY);
      const [engineCold, enginePoll] = await benchEngine(sim, bounds);
      pollRoutes[spec.projects] = enginePoll.byRoute ?? {};
      const [naiveCold, naivePoll] = await benchNaive(sim, bounds, spec.projects < 100);
      for (const [client, phase, measurement] of [
        ['engine', 'cold', engineCold],
        ['naive', 'cold', naiveCold],
        ['engine', 'poll', enginePoll],
        ['naive', 'poll', naivePoll],
      ] as const) {
        rows.push({ projects: spec.projects, blocked, client, phase, measurement });
      }
      console.error(`… ${spec.projects} projects done`);
    } finally {
      await sim.close();
    }
  }
  printTable(rows);
  console.log('\nengine poll, requests per route:');
  for (const [projects, routes] of Object.entries(pollRoutes))
    console.log(`  ${projects} projects: ${JSON.stringify(routes)}`);
  mkdirSync('test-results', { recursive: true });
  writeFileSync(
    'test-results/bench.json',
    JSON.stringify({ latencyMs: LATENCY_MS, jitterMs: JITTER_MS, concurrency: CONCURRENCY, rows, pollRoutes }, null, 2),
  );
  console.log('\nwritten to test-results/bench.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
