// A measurement, not a test: how long the production bundle's `activate()` takes to put the stored count in the status
// bar, at 500 to 5,000 watched projects. `npm run bench:startup` (builds the production bundle first).
// The stored state is made by the extension's own code from a simulator's account (every project read), then each
// start runs in a fresh Node process with a stand-in for `vscode` (fakeVscode.ts): module loading, activate() and what
// it does until the count is set are the extension's own; VS Code's own work (its IPC, drawing) is not in the figure.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GitLabClient } from '../../src/core/gitlab/client';
import { RefreshEngine } from '../../src/core/refresh/engine';
import { InstanceSession } from '../../src/core/refresh/instanceSession';
import { allDeployments } from '../../src/core/refresh/snapshot';
import { LastKnownState } from '../../src/shell/lastKnownState';
import { startSimulator } from '../simulator';
import { installFakeVscode } from './fakeVscode';
import { n, table } from './print';

const SIZES = process.env.BENCH_SIZES?.split(',').map(Number) ?? [500, 2_000, 5_000];
const STARTS = Number(process.env.BENCH_STARTS ?? 7);
const TARGET_MS = 100;
const BUNDLE = resolve('dist/extension.js');

interface StartResult {
  /** JSON.parse of the extension's global state, which VS Code does before activate(). */
  parseMs: number;
  /** require() of the bundle, which VS Code does before activate(). */
  loadMs: number;
  /** From calling activate() until the status bar shows a count. */
  countMs: number;
  /** From calling activate() until every stored row is in the engine's snapshot. */
  rowsMs: number;
  rows: number;
  text: string;
}

/** The global state VS Code would hold after a session that read every project of a generated account. */
async function storedGlobalState(projects: number): Promise<{ url: string; json: string; rows: number }> {
  const sim = await startSimulator({
    scenario: { projects, environmentsPerProject: 2, blockedPerProject: 2, activeRatio: 0.1 },
    rateLimitPerMinute: 1e12,
  });
  try {
    const client = new GitLabClient({ instanceUrl: sim.url, token: async () => sim.defaultToken, userAgent: 'bench' });
    const session = new InstanceSession(client, () => ({ explicit: [], membership: true, remotePaths: [] }), {
      rules: { rateLimitPerMinute: Number.MAX_SAFE_INTEGER },
    });
    const engine = new RefreshEngine({ intervalMs: () => 60_000 });
    // The state is written by the extension's own code (shell/lastKnownState.ts), into a stand-in for VS Code's memento.
    const globalState: Record<string, unknown> = {};
    const memento = {
      get: (key: string, fallback?: unknown) => (key in globalState ? globalState[key] : fallback),
      update: async (key: string, value: unknown) => void (globalState[key] = value),
    };
    const lastKnown = new LastKnownState(memento as never, engine);
    engine.resume();
    await engine.setSessions([session]);
    const snapshot = engine.snapshot();
    await lastKnown.signedIn(sim.url, snapshot.instances[0].user!.id);
    lastKnown.dispose(); // writes what a save after the refresh would
    await new Promise((r) => setImmediate(r));
    engine.dispose();
    const state = JSON.parse(JSON.stringify(globalState)) as Record<string, unknown>;
    return { url: sim.url, json: JSON.stringify(state), rows: allDeployments(snapshot).length };
  } finally {
    await sim.close();
  }
}

/** One start, in this (fresh) process. */
async function child(stateFile: string, url: string, rows: number): Promise<StartResult> {
  const text = readFileSync(stateFile, 'utf8');
  let started = performance.now();
  const globalState = JSON.parse(text) as Record<string, unknown>;
  const parseMs = performance.now() - started;
  const host = installFakeVscode({ instances: [url], globalState });
  started = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const extension = require(BUNDLE) as typeof import('../../src/extension');
  const loadMs = performance.now() - started;
  started = performance.now();
  const api = extension.activate(host.context as never);
  const counted = () => host.statusTexts.find((t) => /\d/.test(t.text));
  while (allDeployments(api.engine.snapshot()).length < rows) await new Promise((r) => setImmediate(r));
  const rowsMs = performance.now() - started;
  const count = counted();
  return {
    parseMs,
    loadMs,
    countMs: count ? count.at - started : NaN,
    rowsMs,
    rows: allDeployments(api.engine.snapshot()).length,
    text: count?.text ?? '(no count)',
  };
}

function start(stateFile: string, url: string, rows: number): Promise<StartResult> {
  // BENCH_CPU_PROFILE=dir: each start writes a .cpuprofile there (open it in VS Code or Chrome's DevTools).
  const profile = process.env.BENCH_CPU_PROFILE;
  const execArgv = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const process_ = fork(__filename, ['--child', stateFile, url, String(rows)], { stdio: 'inherit', execArgv });
  return new Promise((resolve_, reject) => {
    process_.once('error', reject);
    process_.once('message', (m: StartResult) => resolve_(m));
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    const result = await child(process.argv[3], process.argv[4], Number(process.argv[5]));
    process.send!(result, () => process.exit(0));
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'gda-startup-'));
  console.log(
    `production bundle ${BUNDLE}; median of ${STARTS} starts, each in a fresh process; target ≤ ${TARGET_MS} ms`,
  );
  const rowsOut: string[][] = [];
  for (const projects of SIZES) {
    const { url, json, rows } = await storedGlobalState(projects);
    const file = join(dir, `state-${projects}.json`);
    writeFileSync(file, json);
    const results: StartResult[] = [];
    for (let i = 0; i < STARTS; i++) results.push(await start(file, url, rows));
    const m = (pick: (r: StartResult) => number) => n(median(results.map(pick)));
    rowsOut.push([
      n(projects),
      n(rows),
      `${n(json.length / 1024)} KB`,
      m((r) => r.parseMs),
      m((r) => r.loadMs),
      m((r) => r.countMs),
      m((r) => r.rowsMs),
      results[0].text,
    ]);
    console.error(`… ${n(projects)} projects done`);
  }
  const header = [
    'projects',
    'rows',
    'global state',
    'parse ms',
    'load ms',
    'activate → count ms',
    'activate → rows ms',
    'count',
  ];
  table(header, rowsOut);
  console.log(
    "parse = JSON.parse of the extension's global state and load = require() of the bundle, both done by VS Code before" +
      ' activate(); count = the status bar shows the stored count; rows = every stored row is in the view',
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
