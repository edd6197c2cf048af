// End-to-end test in a real browser: the packaged extension in code-server, driven like a user in headless Chromium,
// against the GitLab simulator. `node out/test/e2e/run.js [path/to.vsix]` (default: the vsix named after package.json).
// Builds nothing: package first (`npm run package`). Screenshots and logs go to test-results/e2e/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SHOWN_DEMO_SETTINGS } from '../simulator';
import { REPO_ROOT } from '../host/testHostPaths';
import { E2eSession, vsixFromArgs } from './e2eSession';
import { STEPS } from './steps';
import { runSteps, seconds } from './stepRunner';

const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');

async function main(): Promise<number> {
  const started = Date.now();
  const vsix = vsixFromArgs();
  if (!fs.existsSync(vsix)) {
    console.error(`e2e: no ${path.relative(process.cwd(), vsix)}; run \`npm run package\` first or pass a .vsix path`);
    return 2;
  }
  const session = new E2eSession({
    vsix,
    resultsDir: RESULTS_DIR,
    scratchPrefix: 'gda-e2e-',
    env: (sim) => ({ GITLAB_APPROVALS_URL: sim.url, GITLAB_APPROVALS_TOKEN: sim.defaultToken }),
    settings: SHOWN_DEMO_SETTINGS,
  });
  let interrupted = false;
  // Closing the browser makes the pending wait fail at once; the loop then stops and `finally` tears everything down.
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    console.error(`\ne2e: ${signal}: stopping the browser, code-server and the simulator`);
    void session.closeBrowser();
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);

  let passed = 0;
  let failed = 0;
  try {
    const { sim, server, page, ui } = await session.open();
    console.log(`e2e: simulator ${sim.url}, code-server ${server.url}, ${path.basename(vsix)} installed`);
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
    await session.close();
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
