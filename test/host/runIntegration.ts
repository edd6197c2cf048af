// `npm run test:integration [-- --suite integration|vsix] [--vsix file] [--workspace dir] [--timeout seconds]`
// Runs a mocha suite inside a real VS Code extension host: desktop VS Code (@vscode/test-electron) where it
// can be downloaded and shown, otherwise code-server + headless chromium (installed on first use).
import * as dns from 'node:dns/promises';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runSuiteInCodeServer } from './codeServer';
import { runSuiteInElectron } from './electron';
import { ensureTestHost } from './installTestHost';
import { SUITE_NAMES, suiteEntryPoints, type SuiteName, type SuiteRun } from './suites';

type Launcher = 'code-server' | 'electron';

/** Variables handed to the extension host explicitly (the code-server host also inherits all of ours). */
const PASSTHROUGH_ENV = /^(GDA_|MOCHA_GREP$)/;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      suite: { type: 'string', default: 'integration' },
      vsix: { type: 'string' },
      workspace: { type: 'string' },
      timeout: { type: 'string', default: process.env.GDA_TEST_TIMEOUT || '420' },
    },
  });
  const suite = values.suite as SuiteName;
  if (!SUITE_NAMES.includes(suite))
    throw new Error(`--suite must be one of ${SUITE_NAMES.join(', ')}, not ${values.suite}`);
  if (suite === 'vsix' && !values.vsix)
    throw new Error('--suite vsix needs --vsix <file>: the suite tests that installed package');
  if (values.vsix && !fs.existsSync(values.vsix)) throw new Error(`no such .vsix: ${values.vsix}`);
  const timeoutSeconds = Number(values.timeout);
  if (!(timeoutSeconds > 0)) throw new Error(`--timeout must be a number of seconds, not ${values.timeout}`);

  const entry = suiteEntryPoints(suite);
  if (!fs.existsSync(entry.extensionTestsPath))
    throw new Error(`${entry.extensionTestsPath} is missing; run \`npm run build\` first`);
  const ownWorkspace = values.workspace ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'gda-workspace-'));
  const run: SuiteRun = {
    suite,
    ...entry,
    workspace: path.resolve(values.workspace ?? ownWorkspace!),
    vsix: values.vsix && path.resolve(values.vsix),
    env: Object.fromEntries(
      Object.entries(process.env).filter(
        (e): e is [string, string] => PASSTHROUGH_ENV.test(e[0]) && e[1] !== undefined,
      ),
    ),
    timeoutMs: timeoutSeconds * 1000,
  };

  // On exit rather than in a finally: the launchers' SIGINT handling ends the process with process.exit.
  if (ownWorkspace) process.on('exit', () => fs.rmSync(ownWorkspace, { recursive: true, force: true }));

  const launcher = await chooseLauncher();
  console.log(`[test-host] launcher: ${launcher}${process.env.GDA_TEST_HOST ? ' (GDA_TEST_HOST)' : ''}`);
  if (launcher === 'electron') return runSuiteInElectron(run);
  await ensureTestHost();
  return runSuiteInCodeServer(run);
}

async function chooseLauncher(): Promise<Launcher> {
  const forced = process.env.GDA_TEST_HOST;
  if (forced) {
    if (forced !== 'code-server' && forced !== 'electron')
      throw new Error(`GDA_TEST_HOST must be code-server or electron, not ${forced}`);
    return forced;
  }
  const hasDisplay =
    Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) ||
    process.platform === 'darwin' ||
    process.platform === 'win32';
  return hasDisplay && (await canDownloadVSCode()) ? 'electron' : 'code-server';
}

async function canDownloadVSCode(): Promise<boolean> {
  const lookup = dns.lookup('update.code.visualstudio.com').then(
    () => true,
    () => false,
  );
  const giveUp = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3_000).unref());
  return Promise.race([lookup, giveUp]);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[test-host] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
