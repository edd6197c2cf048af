// End-to-end test in a real browser: the packaged extension in code-server, driven like a user in headless Chromium,
// against the GitLab simulator. `node out/test/e2e/run.js [path/to.vsix]` (default: the vsix named after package.json).
// Builds nothing: package first (`npm run package`). Screenshots and logs go to test-results/e2e/.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { seedShownDemo, SHOWN_DEMO_SETTINGS, startSimulator, type Simulator } from '../simulator';
import { startCodeServer, type CodeServer } from '../host/codeServer';
import { CHROMIUM_PATH, REPO_ROOT } from '../host/testHostPaths';
import { chromium, type Browser } from 'playwright-core';
import { STEPS } from './steps';
import { runSteps, seconds } from './stepRunner';
import { WorkbenchUi } from './workbenchUi';

const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');
/** Moderate size: the screenshots double as the README's. */
const VIEWPORT = { width: 1280, height: 800 };

function vsixFromArgs(): string {
  const given = process.argv[2];
  if (given) return path.resolve(given);
  const { name, version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return path.join(REPO_ROOT, `${name}-${version}.vsix`);
}

async function main(): Promise<number> {
  const started = Date.now();
  const vsix = vsixFromArgs();
  if (!fs.existsSync(vsix)) {
    console.error(`e2e: no ${path.relative(process.cwd(), vsix)}; run \`npm run package\` first or pass a .vsix path`);
    return 2;
  }
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });

  let sim: Simulator | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let workspace: string | undefined;
  const teardown = async () => {
    await browser?.close().catch(() => undefined);
    if (server) fs.copyFileSync(server.logFile, path.join(RESULTS_DIR, 'code-server.log'));
    await server?.close().catch(() => undefined);
    await sim?.close().catch(() => undefined);
    if (workspace) fs.rmSync(path.dirname(workspace), { recursive: true, force: true });
  };
  let interrupted = false;
  // Closing the browser makes the pending wait fail at once; the loop then stops and `finally` tears everything down.
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    console.error(`\ne2e: ${signal}: stopping the browser, code-server and the simulator`);
    void browser?.close().catch(() => undefined);
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);

  let passed = 0;
  let failed = 0;
  try {
    // Anchored at the real time, like `npm run demo`, so the screenshots show recent deployments.
    sim = await startSimulator({ port: 0, scenario: (state) => seedShownDemo(state, Date.now()) });
    // A plain folder name: it is the window title in the screenshots.
    workspace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gda-e2e-')), 'acme-services');
    fs.mkdirSync(workspace);
    server = await startCodeServer({
      workspace,
      vsix,
      env: { GITLAB_APPROVALS_URL: sim.url, GITLAB_APPROVALS_TOKEN: sim.defaultToken },
      settings: { ...SHOWN_DEMO_SETTINGS, 'workbench.tips.enabled': false, 'window.commandCenter': false },
    });
    console.log(
      `e2e: simulator ${sim.url}, code-server ${server.url}, ${path.basename(vsix)} installed (${seconds(started)})`,
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    const ui = new WorkbenchUi(page);
    await ui.waitForWorkbench();
    console.log(
      `e2e: workbench up (${seconds(started)}); document.hasFocus() = ${await page.evaluate(() => document.hasFocus())}`,
    );

    ({ passed, failed } = await runSteps(STEPS, {
      ui,
      sim,
      serverLogFile: server.logFile,
      resultsDir: RESULTS_DIR,
      afterFailure: 'continue',
      interrupted: () => interrupted,
    }));
    const polls = sim.requestLog.all().filter((e) => e.route === 'deployments.list').length;
    console.log(`e2e: the extension listed deployments ${polls} time(s) during the run`);
  } catch (error) {
    if (!interrupted) failed++;
    if (!interrupted)
      console.error(`e2e: setup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await teardown();
  }
  console.log(
    `e2e: ${passed} passed, ${failed} failed${interrupted ? ', interrupted' : ''} (${seconds(started)} wall)`,
  );
  if (interrupted) return 130;
  return failed === 0 && passed === STEPS.length ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
