// The offline launcher: code-server (VS Code's server + web workbench) driven by Debian's chromium.
// startCodeServer/openWorkbench are also the building blocks for end-to-end tests that click around.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH, REPO_ROOT, testHostPaths, type TestHostPaths } from './testHostPaths';
import { runCommand } from './steps';
import type { SuiteRun } from './suites';
import { LOG_MARK_ENV, SUITE_BEGIN, SUITE_END } from './mochaSuite';

const LOG_MARK = '\u2063gda-test\u2063 ';

/** Without these the workbench checks for updates, phones home and opens a welcome page. */
const QUIET_SETTINGS = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
};

const CHROMIUM_ARGS = [
  '--no-sandbox', // root in a container has no usable sandbox
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface CodeServerOptions {
  workspace: string;
  vsix?: string;
  /** Loopback address and port; by default 127.0.0.1 and a free port (tests). The demo asks for fixed ones. */
  host?: string;
  port?: number;
  /** Puts extensions into the isolated extensions folder before the server starts (another way than `vsix`). */
  prepareExtensions?: (extensionsDir: string) => void | Promise<void>;
  /** Extra environment for the server and hence for the extension host it spawns. */
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  paths?: TestHostPaths;
}

export interface CodeServer {
  url: string;
  port: number;
  workspace: string;
  /** The server's stdout and stderr; gone after close(), so copy it first if a run failed. */
  logFile: string;
  close(): Promise<void>;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { codeServerEntry } = options.paths ?? testHostPaths();
  if (!fs.existsSync(codeServerEntry))
    throw new Error(`code-server is not installed (${codeServerEntry}); run \`npm run test-host:install\``);
  // Everything the server writes goes into one scratch folder, so runs never see each other or the user's setup.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gda-code-server-'));
  const dirs = Object.fromEntries(
    ['user-data', 'extensions', 'xdg-config', 'xdg-data', 'tmp'].map((name) => [name, path.join(scratch, name)]),
  );
  Object.values(dirs).forEach((dir) => fs.mkdirSync(dir, { recursive: true }));
  fs.mkdirSync(path.join(dirs['user-data'], 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs['user-data'], 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    EXTENSIONS_GALLERY: '{}', // no marketplace: the workbench would otherwise query open-vsx.org
    XDG_CONFIG_HOME: dirs['xdg-config'], // code-server writes config.yaml there
    XDG_DATA_HOME: dirs['xdg-data'],
    TMPDIR: dirs.tmp,
  };
  const common = ['--user-data-dir', dirs['user-data'], '--extensions-dir', dirs.extensions];
  const removeScratch = () => {
    if (!process.env.GDA_KEEP_TEST_HOST_DIRS) fs.rmSync(scratch, { recursive: true, force: true });
  };

  try {
    if (options.vsix)
      await runCommand(
        process.execPath,
        [codeServerEntry, ...common, '--install-extension', path.resolve(options.vsix)],
        { env },
      );
    await options.prepareExtensions?.(dirs.extensions);
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? (await freeLoopbackPort());
    const url = `http://${host}:${port}`;
    const logFile = path.join(scratch, 'code-server.log');
    const args = [
      codeServerEntry,
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `${host}:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--ignore-last-opened',
      options.workspace,
    ];
    const log = fs.openSync(logFile, 'a');
    // Own process group, so close() also ends the extension host and the other processes the server forks.
    const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    const close = async () => {
      await stopProcessGroup(child);
      removeScratch();
    };
    try {
      await waitForHealthz(url, child, logFile);
    } catch (error) {
      await close();
      throw error;
    }
    return { url, port, workspace: options.workspace, logFile, close };
  } catch (error) {
    removeScratch();
    throw error;
  }
}

export interface WorkbenchOptions {
  folder: string;
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  /** Log lines of the workbench and of the extension host's test run (mocha's output arrives here). */
  onLog?: (level: string, message: string) => void;
}

export interface Workbench {
  browser: Browser;
  page: Page;
  /** Settles with the code the workbench reports when the tests' run() has settled. */
  exitCode: Promise<number>;
  close(): Promise<void>;
}

export async function openWorkbench(server: CodeServer, options: WorkbenchOptions): Promise<Workbench> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let reportExit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (reportExit = resolve));
    // Exposed before goto: the workbench looks for these globals while it starts.
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(Number(code)));
    await page.exposeFunction('codeAutomationLog', (level: string, message: unknown) =>
      options.onLog?.(String(level), Array.isArray(message) ? message.join(' ') : String(message)),
    );
    await page.goto(workbenchUrl(server, options));
    return { browser, page, exitCode, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export function workbenchUrl(server: CodeServer, options: WorkbenchOptions): string {
  const remote = (fsPath: string) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(fsPath)}`;
  const payload: [string, string][] = [];
  if (options.extensionDevelopmentPath)
    payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  const query = new URLSearchParams({ folder: path.resolve(options.folder) });
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  return `${server.url}/?${query.toString()}`;
}

/** Runs a mocha suite in code-server's extension host; resolves with the process exit code to use. */
export async function runSuiteInCodeServer(run: SuiteRun): Promise<number> {
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  const teardown = async () => {
    await workbench?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n[code-server] ${signal}: stopping the browser and the server`);
    void teardown().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  let timer: NodeJS.Timeout | undefined;
  try {
    server = await startCodeServer({
      workspace: run.workspace,
      vsix: run.vsix,
      env: { ...run.env, [LOG_MARK_ENV]: LOG_MARK },
    });
    console.log(`[code-server] ${server.url} ready; running the ${run.suite} suite`);
    workbench = await openWorkbench(server, {
      folder: run.workspace,
      extensionDevelopmentPath: run.extensionDevelopmentPath,
      extensionTestsPath: run.extensionTestsPath,
      onLog: suiteLogForwarder(),
    });
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), run.timeoutMs)));
    const outcome = await Promise.race([workbench.exitCode, timedOut]);
    if (outcome === 'timeout') {
      const saved = await saveEvidence(workbench.page, server, `${run.suite}-timeout`);
      console.error(`[code-server] the ${run.suite} suite did not finish within ${run.timeoutMs / 1000} s; ${saved}`);
      return 1;
    }
    if (outcome !== 0) console.error(`[code-server] ${saveServerLog(server, `${run.suite}-failed`)}`);
    return outcome;
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await teardown();
  }
}

/**
 * Prints the suite's output: marked lines, and unmarked ones (the count line, tests' own console.log)
 * while the suite runs. Other workbench chatter only with GDA_TEST_HOST_VERBOSE; errors always.
 */
function suiteLogForwarder(): (level: string, message: string) => void {
  let inSuite = false;
  return (level, message) => {
    const marked = message.startsWith(LOG_MARK);
    const text = marked ? message.slice(LOG_MARK.length) : message;
    if (marked && (text === SUITE_BEGIN || text === SUITE_END)) {
      inSuite = text === SUITE_BEGIN;
    } else if (marked || inSuite) {
      if (level === 'error') console.error(text);
      else console.log(text);
    } else if (level === 'error' || process.env.GDA_TEST_HOST_VERBOSE) {
      console.error(`[workbench ${level}] ${text}`);
    }
  };
}

async function saveEvidence(page: Page, server: CodeServer, name: string): Promise<string> {
  const screenshot = path.join(REPO_ROOT, 'test-results', `code-server-${name}.png`);
  fs.mkdirSync(path.dirname(screenshot), { recursive: true });
  const shot = await page.screenshot({ path: screenshot }).then(
    () => `screenshot ${path.relative(process.cwd(), screenshot)}`,
    (error: Error) => `no screenshot (${error.message})`,
  );
  return `${shot}; ${saveServerLog(server, name)}`;
}

function saveServerLog(server: CodeServer, name: string): string {
  const copy = path.join(REPO_ROOT, 'test-results', `code-server-${name}.log`);
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.copyFileSync(server.logFile, copy);
  return `server log ${path.relative(process.cwd(), copy)}`;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealthz(url: string, child: ChildProcess, logFile: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `code-server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail(logFile)}`,
      );
    }
    const healthy = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s:\n${tail(logFile)}`);
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const stillRunning = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((r) => setTimeout(() => r(true), 5_000)),
  ]);
  // Also reaps stragglers (an extension host) that outlive the server process itself.
  signalGroup('SIGKILL');
  if (stillRunning) await exited;
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}
