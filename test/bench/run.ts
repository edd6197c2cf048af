// A measurement, not a test: what the engine costs GitLab and the machine at 10 to 5,000 watched projects.
// `npm run bench` (about 5 minutes); writes test-results/bench.json. The simulator runs in a child process with 50 ± 10 ms
// latency per request, so CPU time and heap are the extension's own. Polls run on a virtual clock (virtualClock.ts): each
// request is sent for real, but the time between polls is not waited, so ten minutes of polling take seconds. The
// simulator's rate-limit windows and the transport's waits (the pace, a Retry-After) run on the same clock: a wait
// moves it, not the wall, once nothing is on the wire.
// First: the transport's exchange is counted before the client loads it.
import { wire } from './wire';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { decide } from '../../src/core/actions/deploymentActions';
import { GitLabClient } from '../../src/core/gitlab/client';
import { RefreshEngine } from '../../src/core/refresh/engine';
import { InstanceSession } from '../../src/core/refresh/instanceSession';
import { BACKGROUND_SHARE } from '../../src/core/gitlab/transport/rateLimitGate';
import { DEFAULT_POLL_RULES } from '../../src/core/refresh/pollPlan';
import { keepInstance, KEPT_STATE_VERSION, restoreInstances } from '../../src/core/refresh/keptState';
import { allDeployments, type Snapshot } from '../../src/core/refresh/snapshot';
import { coverageNotices } from '../../src/core/refresh/views';
import { LevelledLog, type LogLevel } from '../../src/core/util/log';
import { n, table } from './print';
import { VirtualClock } from './virtualClock';
import { nodeHttpCpuPerRequest } from './nodeFloor';
import type { FloorReads, SimCommand, SimLog, SimReady, ThrottledRead, ThrottledReads } from './simProcess';

const LATENCY_MS = 50;
const JITTER_MS = 20; // 40–60 ms: 50 ± 10
const CONCURRENCY = 6; // the client's default cap
const INTERVAL_MS = 60_000; // the default poll interval
const BUDGET_PER_MINUTE = DEFAULT_POLL_RULES.rateLimitPerMinute; // GitLab.com: 2,000 authenticated API requests/min
const SIZES = process.env.BENCH_SIZES?.split(',').map(Number) ?? [10, 100, 500, 2_000, 5_000];
/** A self-managed instance whose administrator set 600 a minute, at the largest size (`BENCH_SMALL_LIMIT=600@5000`). */
const SMALL_LIMIT = (process.env.BENCH_SMALL_LIMIT ?? `600@${Math.max(...SIZES)}`).split('@').map(Number);
/** The person's own requests (browser, scripts) in the minute of each poll: 40 % of the limit, within their half. */
const PERSON_SHARE = 0.4;
/** Someone else's approval shows within this, or one (stretched) interval where the budget cannot carry it. */
const APPROVAL_LAG_TARGET_MS = DEFAULT_POLL_RULES.maxApprovalLagMs;
/** Steady polls measured per case: enough for every quiet project to be read once (10 min at the default interval). */
const STEADY_POLLS = 12;
/** The Retry-After of the one 429 the bench sends (the case: over 30 s). */
const RETRY_AFTER_S = 45;
/** Requests of bare Node http measured per case for the CPU floor. */
const NODE_FLOOR_REQUESTS = 1_200;
/** The log as shipped: a LogOutputChannel shows info and above until the user picks another level. */
const SHIPPED_LOG_LEVEL: LogLevel = 'info';
/**
 * How far into a poll and into a full Refresh the person's approval is sent (wall time): a full Refresh first pages
 * through the project list one page after another, so its queue of list reads is long only later.
 */
const POST_INTO_MS = { poll: 1_000, full: 10_000 };

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface CaseResult {
  projects: number;
  /** The instance's rate limit per minute, and what the extension learnt of it. */
  limit: number;
  learnt: string;
  budget: {
    /** The most of the extension's requests GitLab saw in any 60 s of the cold load, and of the steady state. */
    coldBusiestMinute: number;
    steadyBusiestMinute: number;
    /** Virtual minutes the cold load took (the pace spreads it). */
    coldMinutes: number;
    cold429: number;
    steady429: number;
    personSent: number;
    personRefused: number;
    /** What the view says about the budget (stretch, quiet projects, approval lag). */
    notices: string[];
  };
  blocked: number;
  cold: {
    requests: number;
    /** The floor of what this load read; `completeFloor`: of a complete view (every project). */
    floor: number;
    completeFloor: number;
    ratio: number;
    wallMs: number;
    timeBoundMs: number;
    cpuMs: number;
    heapMb: number;
    deferred: number;
  };
  steady: {
    polls: number;
    virtualMinutes: number;
    requestsPerMinute: number;
    shareOfBudget: number;
    plannedPerMinute: number;
    maxRequestsPerPoll: number;
    meanRequestsPerPoll: number;
    meanWallMsPerPoll: number;
    cpuMsPerPoll: number;
    /** Bare Node http's CPU per request of the poll's kind on this machine, measured in the same case. */
    nodeFloorCpuMsPerRequest: number;
    heapMb: number;
    intervalMs: number;
    stretched: boolean;
  };
  detection: {
    activeMs?: number;
    quietMs?: number;
    quietBoundMs: number;
    othersApprovalMs: number;
    /** Measured, worst case: approved just after its deployment was re-read. */
    othersApprovalMeasuredMs?: number;
    /** The bound's target: 10 min, or one interval where the interval itself is longer. */
    othersApprovalTargetMs: number;
  };
  /** Wall time from handing an approval (POST) to the transport until its answer: idle, 1 s into a poll or a Refresh. */
  postLatencyMs: {
    idle: number;
    duringPoll: number;
    duringFullRefresh: number;
    /** The same approval queued as background, as every request was before the person's lane. */
    inQueueDuringPoll: number;
    inQueueDuringFullRefresh: number;
  };
  /** Blocked deployments in quiet projects: how many, shown by the cold load, and when all were shown after a first start. */
  quietBlocked: { total: number; afterColdLoad: number; allShownAfterMs?: number };
  /** Rows (and those awaiting the user) before a restart, at activation from the stored state, after the first load. */
  restart: Record<'stored' | 'atActivation' | 'afterFirstLoad', { rows: number; awaitingMe: number }>;
  /** One poll in which one list read gets an endpoint's 429 with `Retry-After: 45`. */
  oneThrottled: {
    pollFailed: boolean;
    requests: number;
    throttled: number;
    read?: ThrottledRead;
    othersSentTwice: number;
  };
  logLinesWritten: number;
  byRoute: { cold: Record<string, number>; steady: Record<string, number> };
}

class SimChild {
  private seq = 0;
  private pending = new Map<number, (value: unknown) => void>();
  private constructor(
    private readonly child: ChildProcess,
    readonly ready: SimReady,
  ) {
    child.on('message', (m: { seq?: number; value?: unknown }) => {
      if (m.seq !== undefined) this.pending.get(m.seq)?.(m.value);
    });
  }

  static start(projects: number, rateLimitPerMinute: number): Promise<SimChild> {
    // ~10 % of projects active in the last 30 days, two blocked deployments in each of those (see the generator).
    // And blocked deployments in 0.9 % of the quiet ones (45 at 5,000 projects, as measured in issue #24).
    const quietBlocked = Math.round(projects * 0.009);
    const spec = {
      projects,
      environmentsPerProject: 2,
      blockedPerProject: 2,
      activeRatio: 0.1,
      quietBlocked,
      rateLimitPerMinute,
    };
    const child = fork(join(__dirname, 'simProcess.js'), [JSON.stringify(spec)], { stdio: 'inherit' });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('message', (m: { ready: SimReady }) => resolve(new SimChild(child, m.ready)));
    });
  }

  send<T>(command: SimCommand): Promise<T> {
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve as (value: unknown) => void);
      this.child.send({ ...command, seq });
    });
  }

  close(): void {
    this.child.disconnect();
  }
}

/**
 * What the user must see, at the fewest requests: /user, /version, ⌈P/100⌉ project pages, and the reads the simulator
 * counts for the projects (their blocked lists, one detail per blocked deployment, the user's role where rules need it:
 * `FloorReads`). Its shortest time: the pages load one after another (each names the next), then at least one list and
 * one detail; and never faster than all requests spread over the concurrency cap.
 */
/** Projects whose blocked lists are not empty (active ones), for answers of the poll's size. */
function floorProjects(ready: SimReady): number[] {
  const active = ready.active.map((p) => p.id);
  return active.length ? active : ready.quiet.map((p) => p.id);
}

function floorOf(projects: number, reads: FloorReads): { requests: number; ms: number } {
  const pages = Math.ceil(projects / 100);
  const requests =
    2 + pages + reads.lists + reads.details + reads.projectRoles + reads.topGroupRoles + reads.liveEnvironments;
  const chain = (pages + 2) * LATENCY_MS;
  const spread = Math.ceil(requests / CONCURRENCY) * LATENCY_MS;
  return { requests, ms: Math.max(chain, spread) };
}

/**
 * BENCH_CPU_PROFILE=dir: the steady polls are profiled and written as dir/steady-<projects>.cpuprofile (open it in
 * VS Code or Chrome's DevTools). The profiler's own cost is in that run's CPU figures: compare runs without it.
 */
async function startProfile(): Promise<{ save(name: string): Promise<void> } | undefined> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    save: async (name) => {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function heapMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([route, n]) => [route, n - (before[route] ?? 0)]));
}

/** The most of `times` (epoch ms) that fall in any 60 s. */
function busiestMinute(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last] - sorted[first] >= 60_000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

async function benchCase(projects: number, limit: number): Promise<CaseResult> {
  const sim = await SimChild.start(projects, limit);
  await sim.send({ cmd: 'latency', ms: LATENCY_MS - JITTER_MS / 2, jitterMs: JITTER_MS });
  const clock = new VirtualClock({
    busy: () => wire.inFlight > 0,
    moved: (offsetMs) => sim.send({ cmd: 'clock', offsetMs }),
  });
  let logLinesWritten = 0;
  const client = new GitLabClient({
    instanceUrl: sim.ready.url,
    token: async () => sim.ready.token,
    userAgent: 'bench',
    maxConcurrency: CONCURRENCY,
    log: new LevelledLog({ level: () => SHIPPED_LOG_LEVEL, write: () => void logLinesWritten++ }),
    now: clock.now,
    sleep: clock.sleep,
  });
  const session = new InstanceSession(client, () => ({ explicit: [], membership: true, remotePaths: [] }), {
    now: clock.now,
  });
  const engine = new RefreshEngine({ intervalMs: () => INTERVAL_MS });
  const heapBefore = heapMb();
  try {
    // Cold load.
    await sim.send({ cmd: 'clearLog' });
    let cpu = process.cpuUsage();
    let started = performance.now();
    // A poll is due one (possibly stretched) interval after the last one started, as the engine schedules it
    // (InstancePoller.nextAttemptAt); one that took longer is followed at once.
    let lastPollAt = clock.now();
    const nextPollDue = async () => {
      await clock.advanceTo(lastPollAt + session.intervalMs(INTERVAL_MS));
      lastPollAt = clock.now();
    };
    engine.resume();
    await engine.setSessions([session]);
    engine.pause();
    const coldWall = performance.now() - started;
    const coldCpu = cpuMs(cpu);
    const coldLog = await sim.send<SimLog>({ cmd: 'log' });
    const instance = engine.snapshot().instances[0];
    if (instance.error) throw new Error(`cold load failed: ${instance.error.detail}`);
    const coldMinutes = (Math.max(...coldLog.times) - Math.min(...coldLog.times)) / 60_000;
    // The floor of a complete view, and of what this load read (the projects whose lists it read): the ratio is the
    // second's, since a load that leaves projects for later polls is not cheaper for it.
    const complete = floorOf(projects, await sim.send<FloorReads>({ cmd: 'floor' }));
    const floor = floorOf(projects, await sim.send<FloorReads>({ cmd: 'floor', projectIds: coldLog.listed }));
    const cold = {
      requests: coldLog.requests,
      floor: floor.requests,
      completeFloor: complete.requests,
      ratio: coldLog.requests / floor.requests,
      wallMs: Math.round(coldWall),
      timeBoundMs: floor.ms,
      cpuMs: Math.round(coldCpu),
      heapMb: heapMb() - heapBefore,
      deferred: instance.coverage?.notYetRead ?? 0,
    };

    // Steady state on the virtual clock.
    const poll = async () => {
      await nextPollDue();
      engine.resume();
      await engine.refresh('poll');
      engine.pause();
    };
    // Blocked deployments in quiet projects: how many the cold load showed, and when the last of them was shown
    // (from the first start: the cold load's wall time, then the polls' virtual time).
    const shownQuiet = () => {
      const shown = new Set(allDeployments(engine.snapshot()).map((d) => d.deployment.id));
      return sim.ready.quietBlocked.filter((id) => shown.has(id)).length;
    };
    const quietBlocked: CaseResult['quietBlocked'] = {
      total: sim.ready.quietBlocked.length,
      afterColdLoad: shownQuiet(),
      allShownAfterMs: shownQuiet() === sim.ready.quietBlocked.length ? coldWall : undefined,
    };
    const perPoll: number[] = [];
    const wall: number[] = [];
    let before = coldLog;
    const virtualStart = clock.now();
    let personSent = 0;
    let personRefused = 0;
    const profiler = await startProfile();
    cpu = process.cpuUsage();
    for (let i = 0; i < STEADY_POLLS; i++) {
      started = performance.now();
      // The person's own requests in the same minute as the poll: what GitLab refuses them is on us.
      const personRequests = Math.floor(limit * PERSON_SHARE);
      const personDone = sim.send<number>({ cmd: 'person', requests: personRequests });
      await poll();
      personRefused += await personDone;
      personSent += personRequests;
      wall.push(performance.now() - started);
      if (quietBlocked.allShownAfterMs === undefined && shownQuiet() === quietBlocked.total)
        quietBlocked.allShownAfterMs = coldWall + (clock.now() - virtualStart);
      const log = await sim.send<SimLog>({ cmd: 'log' });
      perPoll.push(log.requests - before.requests);
      before = log;
    }
    const steadyCpu = cpuMs(cpu);
    await profiler?.save(`steady-${projects}`);
    const virtualMinutes = (clock.now() - virtualStart) / 60_000;
    const steadyRequests = perPoll.reduce((a, b) => a + b, 0);
    const coverage = engine.snapshot().instances[0].coverage;
    const steady = {
      polls: STEADY_POLLS,
      virtualMinutes,
      requestsPerMinute: steadyRequests / virtualMinutes,
      shareOfBudget: steadyRequests / virtualMinutes / BUDGET_PER_MINUTE,
      plannedPerMinute: coverage?.requestsPerMinute ?? NaN,
      maxRequestsPerPoll: Math.max(...perPoll),
      meanRequestsPerPoll: steadyRequests / STEADY_POLLS,
      meanWallMsPerPoll: wall.reduce((a, b) => a + b, 0) / STEADY_POLLS,
      cpuMsPerPoll: steadyCpu / STEADY_POLLS,
      heapMb: heapMb() - heapBefore,
      nodeFloorCpuMsPerRequest: NaN,
      intervalMs: session.intervalMs(INTERVAL_MS),
      stretched: coverage?.stretchedIntervalMs !== undefined,
    };
    const steadyByRoute = difference(before.byRoute, coldLog.byRoute);
    const steadyTimes = before.times.slice(coldLog.times.length);
    const notices = coverageNotices(coverage, INTERVAL_MS);
    const learnt = client.rateLimit();
    const budget = {
      coldBusiestMinute: busiestMinute(coldLog.times),
      steadyBusiestMinute: busiestMinute(steadyTimes),
      coldMinutes,
      cold429: coldLog.throttled,
      steady429: before.throttled - coldLog.throttled,
      personSent,
      personRefused,
      notices,
    };

    // The person's approval: idle, and sent 1 s into a poll and into a full Refresh (the queue is then at its longest).
    // As the extension sends it (foreground), and as a background request, which is how every request queued before.
    const approvalMs = async (lane: 'foreground' | 'background'): Promise<number> => {
      const project = sim.ready.active[0] ?? sim.ready.quiet[0];
      // Someone else's deployment: GitLab refuses an approval of one's own.
      const deploymentId = await sim.send<number>({ cmd: 'create', project: project.path, triggeredBy: 'dev' });
      const sent = performance.now();
      if (lane === 'foreground') await decide(client, { projectId: project.id, deploymentId }, 'approved', {});
      else await client.setApproval(project.id, deploymentId, { status: 'approved' });
      return performance.now() - sent;
    };
    const approvalDuring = async (kind: 'poll' | 'full', lane: 'foreground' | 'background'): Promise<number> => {
      await nextPollDue();
      engine.resume();
      const refresh = engine.refresh(kind);
      await new Promise((resolve) => setTimeout(resolve, POST_INTO_MS[kind]));
      const ms = await approvalMs(lane);
      await refresh;
      engine.pause();
      return ms;
    };
    const postLatencyMs = {
      idle: await approvalMs('foreground'),
      duringPoll: await approvalDuring('poll', 'foreground'),
      duringFullRefresh: await approvalDuring('full', 'foreground'),
      inQueueDuringPoll: await approvalDuring('poll', 'background'),
      inQueueDuringFullRefresh: await approvalDuring('full', 'background'),
    };

    // Detection, worst case: a deployment created just after a poll, in an active project and in the quiet project
    // read most recently (it waits a whole round). Virtual time from its creation until the view shows it.
    const shownAfter = async (path: string): Promise<number | undefined> => {
      const id = await sim.send<number>({ cmd: 'create', project: path });
      const createdAt = clock.now();
      for (let i = 0; i < 30; i++) {
        await poll();
        if (allDeployments(engine.snapshot()).some((d) => d.deployment.id === id)) return clock.now() - createdAt;
      }
      return undefined;
    };
    // Someone else's approval, worst case: given just after its deployment's detail was re-read, so it shows at the
    // next re-read of that deployment (it moves no timestamp). Virtual time until the view shows it.
    const othersApprovalShownMs = async (): Promise<number | undefined> => {
      await sim.send({ cmd: 'clearLog' });
      await poll();
      const reread = new Set((await sim.send<SimLog>({ cmd: 'log' })).detailed);
      const target = allDeployments(engine.snapshot()).find(
        (d) => reread.has(d.deployment.id) && d.state === 'waiting-for-approval',
      );
      if (!target || !(await sim.send<boolean>({ cmd: 'approveAsOther', deploymentId: target.deployment.id })))
        return undefined;
      const approvedAt = clock.now();
      for (let i = 0; i < 40; i++) {
        await poll();
        const seen = allDeployments(engine.snapshot()).find((d) => d.deployment.id === target.deployment.id);
        if (!seen || seen.detail?.approvals?.some((a) => a.user.username === 'ops')) return clock.now() - approvedAt;
      }
      return undefined;
    };
    const othersApprovalMeasuredMs = await othersApprovalShownMs();
    const active = sim.ready.active[0];
    const activeMs = active ? await shownAfter(active.path) : undefined;
    await sim.send({ cmd: 'clearLog' });
    await poll();
    const justRead = new Set((await sim.send<SimLog>({ cmd: 'log' })).listed);
    const quietJustRead = sim.ready.quiet.find((p) => justRead.has(p.id));
    const quietMs = quietJustRead ? await shownAfter(quietJustRead.path) : undefined;
    const finalCoverage = engine.snapshot().instances[0].coverage;

    // One 429 harms one read: an endpoint's own limit on one list of a poll. That read waits its Retry-After and is
    // sent again; the poll's other reads go on, and the poll does not fail.
    await sim.send({ cmd: 'clearLog' });
    await sim.send({ cmd: 'endpoint429', route: 'deployments.list', retryAfterSeconds: RETRY_AFTER_S, times: 1 });
    await poll();
    const throttledLog = await sim.send<SimLog>({ cmd: 'log' });
    const throttledReads = async () => {
      const { reads, othersSentTwice } = await sim.send<ThrottledReads>({ cmd: 'throttledReads' });
      return { read: reads[0], othersSentTwice };
    };
    const afterThrottled = engine.snapshot().instances[0];
    const oneThrottled: CaseResult['oneThrottled'] = {
      pollFailed: afterThrottled.error !== undefined || afterThrottled.stale,
      requests: throttledLog.requests,
      throttled: throttledLog.throttled,
      ...(await throttledReads()),
    };

    // A restart with the state kept of this session (through JSON, as VS Code stores it): the rows at activation and
    // after the first load, which on a large account leaves quiet projects for later polls.
    const rowsOf = (snapshot: Snapshot) => {
      const rows = allDeployments(snapshot);
      return { rows: rows.length, awaitingMe: rows.filter((d) => d.awaitingMe).length };
    };
    const stored = rowsOf(engine.snapshot());
    const kept: unknown = JSON.parse(
      JSON.stringify({
        version: KEPT_STATE_VERSION,
        instances: [keepInstance(engine.snapshot().instances[0], clock.now())],
      }),
    );
    engine.pause();
    const restarted = new RefreshEngine({ intervalMs: () => INTERVAL_MS });
    let restart: CaseResult['restart'];
    try {
      restarted.restore(restoreInstances(kept, [sim.ready.url]));
      const atActivation = rowsOf(restarted.snapshot());
      restarted.resume();
      await restarted.setSessions([
        new InstanceSession(client, () => ({ explicit: [], membership: true, remotePaths: [] }), {
          now: () => clock.now(),
        }),
      ]);
      restart = { stored, atActivation, afterFirstLoad: rowsOf(restarted.snapshot()) };
    } finally {
      restarted.dispose();
    }
    // Node's own floor, last so it moves no figure above: batches of a quarter of the limit, each in a minute of its own.
    steady.nodeFloorCpuMsPerRequest = await nodeHttpCpuPerRequest(
      { url: sim.ready.url, token: sim.ready.token, projectIds: floorProjects(sim.ready) },
      {
        requests: NODE_FLOOR_REQUESTS,
        batch: Math.floor(limit / 4),
        concurrency: CONCURRENCY,
        between: () => clock.advanceTo(clock.now() + 60_000),
      },
    );
    return {
      projects,
      limit,
      learnt: learnt.learnedFrom ? `${n(learnt.perMinute)} (${learnt.learnedFrom})` : 'assumed',
      budget,
      blocked: sim.ready.blocked,
      quietBlocked,
      restart,
      oneThrottled,
      cold,
      steady,
      detection: {
        activeMs,
        quietMs,
        quietBoundMs: finalCoverage?.quietDelayMs ?? 0,
        // Someone else's approval moves no timestamp: it shows at the waiting deployment's next spread re-read.
        othersApprovalMs: finalCoverage?.approvalLagMs ?? NaN,
        othersApprovalMeasuredMs,
        othersApprovalTargetMs: Math.max(APPROVAL_LAG_TARGET_MS, session.intervalMs(INTERVAL_MS)),
      },
      byRoute: { cold: coldLog.byRoute, steady: steadyByRoute },
      postLatencyMs,
      logLinesWritten,
    };
  } finally {
    engine.dispose();
    sim.close();
  }
}

const minutes = (ms: number | undefined) => (ms === undefined ? 'not measured' : `${n(ms / 60_000, 1)} min`);

async function main(): Promise<void> {
  console.log(
    `latency ${LATENCY_MS} ± ${JITTER_MS / 2} ms per request, concurrency ${CONCURRENCY}, poll interval ${INTERVAL_MS / 1000} s, ` +
      `budget ${n(BUDGET_PER_MINUTE)} requests/min (GitLab.com's authenticated API limit); target ≤ 50 %`,
  );
  console.log(
    `logging as shipped: level ${SHIPPED_LOG_LEVEL} (each request is traced at trace level, built only if shown)\n`,
  );
  const all: CaseResult[] = [];
  const cases: [number, number][] = SIZES.map((projects) => [projects, BUDGET_PER_MINUTE]);
  if (SMALL_LIMIT[0] > 0 && SMALL_LIMIT[1] > 0) cases.push([SMALL_LIMIT[1], SMALL_LIMIT[0]]);
  for (const [projects, limit] of cases) {
    all.push(await benchCase(projects, limit));
    console.error(`… ${n(projects)} projects at ${n(limit)}/min done`);
  }
  // The tables below are GitLab.com's (2,000/min); the budget table has every instance.
  const results = all.filter((r) => r.limit === BUDGET_PER_MINUTE);

  console.log(
    'Cold load (floor = /user + /version + ⌈P/100⌉ project pages + 1 blocked list per project + 1 detail per blocked' +
      ' + the role in each project below Maintainer with something blocked + the role in each top-level group with a' +
      ' blocked deployment under a role rule + what is live on each environment where a job waits to be run)',
  );
  table(
    [
      'projects',
      'blocked',
      'requests',
      'floor: read this poll',
      'ratio',
      'floor: complete',
      'deferred',
      'wall ms',
      'bound ms',
      'time ratio',
      'CPU ms',
      'heap MB',
    ],
    results.map((r) => [
      n(r.projects),
      n(r.blocked),
      n(r.cold.requests),
      n(r.cold.floor),
      n(r.cold.ratio, 2),
      n(r.cold.completeFloor),
      n(r.cold.deferred),
      n(r.cold.wallMs),
      n(r.cold.timeBoundMs),
      n(r.cold.wallMs / r.cold.timeBoundMs, 2),
      n(r.cold.cpuMs),
      n(r.cold.heapMb, 1),
    ]),
  );
  console.log(
    'ratio = requests ÷ the floor of what was read; deferred = quiet projects left for the next polls to stay within' +
      ' the budget (the view says so)\n',
  );

  console.log(
    `Steady state (${STEADY_POLLS} polls on a virtual clock; CPU with logging as shipped, target ≤ 0.3 ms/request)`,
  );
  table(
    [
      'projects',
      'req/min',
      'of budget',
      'planned/min',
      'max/poll',
      'mean/poll',
      'wall ms/poll',
      'CPU ms/poll',
      'CPU ms/request',
      'Node http alone',
      'ratio',
      'heap MB',
      'interval',
    ],
    results.map((r) => [
      n(r.projects),
      n(r.steady.requestsPerMinute),
      `${n(r.steady.shareOfBudget * 100, 1)} %`,
      n(r.steady.plannedPerMinute),
      n(r.steady.maxRequestsPerPoll),
      n(r.steady.meanRequestsPerPoll),
      n(r.steady.meanWallMsPerPoll),
      n(r.steady.cpuMsPerPoll, 1),
      n(r.steady.cpuMsPerPoll / r.steady.meanRequestsPerPoll, 2),
      n(r.steady.nodeFloorCpuMsPerRequest, 2),
      n(r.steady.cpuMsPerPoll / r.steady.meanRequestsPerPoll / r.steady.nodeFloorCpuMsPerRequest, 1),
      n(r.steady.heapMb, 1),
      `${n(r.steady.intervalMs / 1000)} s${r.steady.stretched ? ' (stretched)' : ''}`,
    ]),
  );

  console.log(
    "Node http alone = bare http.request of a project's blocked list, read and parsed, through the same agent on this" +
      ' machine: what any request costs before our code runs; ratio = CPU ms/request ÷ that',
  );

  console.log(
    '\nA new blocked deployment is shown after (worst case: created just after a poll); someone else’s approval within',
  );
  table(
    [
      'projects',
      'limit/min',
      'active project',
      'quiet project',
      'quiet bound',
      'others’ approval: measured',
      'bound',
      'target',
    ],
    all.map((r) => [
      n(r.projects),
      n(r.limit),
      minutes(r.detection.activeMs),
      minutes(r.detection.quietMs),
      minutes(r.detection.quietBoundMs),
      minutes(r.detection.othersApprovalMeasuredMs),
      minutes(r.detection.othersApprovalMs),
      `≤ ${minutes(r.detection.othersApprovalTargetMs)}${
        Math.max(r.detection.othersApprovalMs, r.detection.othersApprovalMeasuredMs ?? 0) <=
        r.detection.othersApprovalTargetMs
          ? ' ✓'
          : ' ✗'
      }`,
    ]),
  );
  console.log(
    '(an approval moves no timestamp: each waiting deployment is re-read once every N polls, spread evenly; N grows where the budget is short, within 10 min, or the interval stretches;\n' +
      ' measured: approved just after its re-read, so it waits N polls, each due one interval after the last one started)',
  );

  console.log(
    `\nThe budget follows the instance: background reads ≤ ${BACKGROUND_SHARE * 100} % of the limit in any 60 s; the person sends ` +
      `${PERSON_SHARE * 100} % of the limit in the minute of each steady poll`,
  );
  const mark = (ok: boolean) => (ok ? ' ✓' : ' ✗');
  table(
    [
      'projects',
      'limit/min',
      'learnt',
      'cold busiest 60 s',
      'cold min',
      'cold 429s',
      'steady busiest 60 s',
      'target',
      'steady 429s',
      'person refused',
      'interval',
    ],
    all.map((r) => {
      const share = r.limit * BACKGROUND_SHARE;
      return [
        n(r.projects),
        n(r.limit),
        r.learnt,
        `${n(r.budget.coldBusiestMinute)}${mark(r.budget.coldBusiestMinute <= share)}`,
        n(r.budget.coldMinutes, 1),
        n(r.budget.cold429),
        `${n(r.budget.steadyBusiestMinute)}${mark(r.budget.steadyBusiestMinute <= share)}`,
        `≤ ${n(share)}`,
        `${n(r.budget.steady429)} (target 0)${mark(r.budget.steady429 === 0)}`,
        `${n(r.budget.personRefused)} of ${n(r.budget.personSent)} (target 0)${mark(r.budget.personRefused === 0)}`,
        `${n(r.steady.intervalMs / 1000)} s${r.steady.stretched ? ' (stretched)' : ''}`,
      ];
    }),
  );
  console.log('\nWhat the view says (after the steady polls):');
  for (const r of all)
    console.log(
      `  ${n(r.projects)} projects, ${n(r.limit)}/min: ${r.budget.notices.length ? r.budget.notices.join('\n      ') : '(nothing)'}`,
    );
  console.log(
    `\nThe person's approval (POST, ms from the transport to GitLab's answer): idle, ${POST_INTO_MS.poll / 1000} s into a poll, ` +
      `${POST_INTO_MS.full / 1000} s into a full Refresh`,
  );
  table(
    ['projects', 'idle', 'during a poll', 'during a full Refresh', 'queued: poll', 'queued: Refresh', 'log lines'],
    results.map((r) => [
      n(r.projects),
      n(r.postLatencyMs.idle),
      n(r.postLatencyMs.duringPoll),
      n(r.postLatencyMs.duringFullRefresh),
      n(r.postLatencyMs.inQueueDuringPoll),
      n(r.postLatencyMs.inQueueDuringFullRefresh),
      n(r.logLinesWritten),
    ]),
  );
  console.log(
    'queued = the same POST as a background request, behind the refresh’s reads (as before the person’s lane)',
  );
  console.log(`target: within one request's latency (${LATENCY_MS} ± ${JITTER_MS / 2} ms) of idle`);
  console.log('\nBlocked deployments in quiet projects after a first start (target: all shown within 2 min)');
  table(
    ['projects', 'in quiet projects', 'shown by the cold load', 'all shown after'],
    results.map((r) => [
      n(r.projects),
      n(r.quietBlocked.total),
      n(r.quietBlocked.afterColdLoad),
      r.quietBlocked.allShownAfterMs === undefined
        ? `not within ${STEADY_POLLS} polls`
        : minutes(r.quietBlocked.allShownAfterMs),
    ]),
  );
  console.log(
    '(no cheaper way than one list per project tells which quiet project has something blocked: docs/polling.md)',
  );
  console.log('\nA restart with the state kept of the session above: rows (awaiting me) shown');
  table(
    ['projects', 'before the restart', 'at activation', 'after the first load'],
    results.map((r) => [
      n(r.projects),
      ...[r.restart.stored, r.restart.atActivation, r.restart.afterFirstLoad].map(
        (c) => `${n(c.rows)} (${n(c.awaitingMe)})`,
      ),
    ]),
  );
  console.log('target: the same at all three (a stored row goes only once its project was read again)');
  console.log(
    `\nOne 429 harms one read: an endpoint's own 429 (Retry-After: ${RETRY_AFTER_S} s) on one list read of a steady poll`,
  );
  table(
    [
      'projects',
      'limit/min',
      'poll failed',
      '429s',
      'that read sent again after',
      'its answer',
      'other reads sent twice',
    ],
    all.map((r) => [
      n(r.projects),
      n(r.limit),
      r.oneThrottled.pollFailed ? 'yes ✗' : 'no ✓',
      n(r.oneThrottled.throttled),
      r.oneThrottled.read?.sentAgainAfterMs === undefined
        ? 'not sent again ✗'
        : `${n(r.oneThrottled.read.sentAgainAfterMs / 1000, 1)} s`,
      String(r.oneThrottled.read?.sentAgainStatus ?? '—'),
      r.oneThrottled.othersSentTwice === 0 ? '0 ✓' : `${n(r.oneThrottled.othersSentTwice)} ✗`,
    ]),
  );
  console.log(
    `target: the poll does not fail, that read is sent again after its Retry-After (${RETRY_AFTER_S} s, or its next turn` +
      ' where the pace holds every read) and answered, the other reads sent once (nothing started over)',
  );
  console.log('\nrequests per route, steady state:');
  for (const r of results) console.log(`  ${n(r.projects)} projects: ${JSON.stringify(r.byRoute.steady)}`);
  mkdirSync('test-results', { recursive: true });
  writeFileSync(
    'test-results/bench.json',
    JSON.stringify(
      { latencyMs: LATENCY_MS, jitterMs: JITTER_MS, concurrency: CONCURRENCY, intervalMs: INTERVAL_MS, results: all },
      null,
      2,
    ),
  );
  console.log('\nwritten to test-results/bench.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
