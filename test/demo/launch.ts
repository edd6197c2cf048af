// Shared by `npm run demo` and `npm run serve`: a long-running code-server on a fixed, configurable port for a person's
// browser (the test host's startCodeServer picks a random port and is meant for tests).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** `--name value` or `--name=value`; flags without a value are `true`. */
export function parseFlags(argv: string[]): Map<string, string | true> {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (inline !== undefined) flags.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags.set(name, argv[++i]);
    else flags.set(name, true);
  }
  return flags;
}

export function portFlag(flags: Map<string, string | true>, name: string, fallback: number): number {
  const value = flags.get(name);
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--${name} must be a port number, not ${String(value)}`);
  return port;
}

function isFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** The wanted port if free, else the next free one above it (and says so). */
export async function choosePort(host: string, wanted: number, what: string): Promise<number> {
  for (let port = wanted; port < wanted + 50 && port <= 65535; port++) {
    if (await isFree(host, port)) {
      if (port !== wanted) console.log(`! port ${wanted} is busy; the ${what} uses ${port} instead`);
      return port;
    }
  }
  throw new Error(`no free port for the ${what} in ${wanted}–${wanted + 49}`);
}

export interface CodeServerProcess {
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  entry: string;
  host: string;
  port: number;
  workspace: string;
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  /** Runs before the server starts (to install an extension): the isolated dirs' CLI arguments, env and extensions dir. */
  prepare?: (commonArgs: string[], env: NodeJS.ProcessEnv, extensionsDir: string) => Promise<void>;
}

/** Same quiet settings as the test host: no update checks, telemetry or welcome page. */
const QUIET_SETTINGS = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
};

export async function launchCodeServer(options: LaunchOptions): Promise<CodeServerProcess> {
  // A fresh scratch folder per run: the user's own VS Code / code-server setup is never read or written.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gda-code-server-'));
  const dir = (name: string) => {
    fs.mkdirSync(path.join(scratch, name), { recursive: true });
    return path.join(scratch, name);
  };
  const userData = dir('user-data');
  const extensionsDir = dir('extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    EXTENSIONS_GALLERY: '{}', // no marketplace queries to open-vsx.org
    XDG_CONFIG_HOME: dir('xdg-config'),
    XDG_DATA_HOME: dir('xdg-data'),
    TMPDIR: dir('tmp'),
  };
  const common = ['--user-data-dir', userData, '--extensions-dir', extensionsDir];
  const removeScratch = () => fs.rmSync(scratch, { recursive: true, force: true });
  try {
    await options.prepare?.(common, env, extensionsDir);
  } catch (error) {
    removeScratch();
    throw error;
  }
  const logFile = path.join(scratch, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const args = [
    options.entry, ...common,
    '--auth', 'none', '--bind-addr', `${options.host}:${options.port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--ignore-last-opened',
    options.workspace,
  ];
  // Own process group, so stopping it also ends the extension host it forks.
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const url = `http://${options.host}:${options.port}`;
  const stop = async () => {
    await stopGroup(child);
    removeScratch();
  };
  try {
    await waitHealthy(url, child, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, logFile, stop };
}

async function waitHealthy(url: string, child: ChildProcess, logFile: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`code-server exited before it was ready:\n${readTail(logFile)}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s:\n${readTail(logFile)}`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 5_000).unref())]);
  signal('SIGKILL'); // stragglers (an extension host) that outlive the server
  if (timedOut) await exited;
}

export function readTail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Runs `stop` once on Ctrl-C / SIGTERM, then exits. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
}
