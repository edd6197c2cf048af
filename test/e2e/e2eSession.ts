// What both browser tests stand on (test/e2e/run.ts: the desktop build; test/e2e/web.ts: the browser build): the
// GitLab simulator with the shown demo, code-server with the .vsix installed in a scratch workspace, and headless
// Chromium on the workbench. Opened part by part, so a failed start or a signal still closes what was started.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { seedShownDemo, startSimulator, type Simulator } from '../simulator';
import { startCodeServer, type CodeServer } from '../host/codeServer';
import { CHROMIUM_PATH, REPO_ROOT } from '../host/testHostPaths';
import { WorkbenchUi } from './workbenchUi';

/** Moderate size: the screenshots double as the README's. */
const VIEWPORT = { width: 1280, height: 800 };

export interface E2eSessionOptions {
  vsix: string;
  /** Where screenshots and code-server's log go (emptied first). */
  resultsDir: string;
  /** The scratch folder's prefix in the system's temporary folder. */
  scratchPrefix: string;
  /** The extension host's environment, once the simulator's address is known. */
  env(sim: Simulator): Record<string, string>;
  /** User settings besides the quiet ones. */
  settings: Record<string, unknown>;
}

export class E2eSession {
  sim?: Simulator;
  server?: CodeServer;
  private browser?: Browser;
  private workspace?: string;

  constructor(private readonly options: E2eSessionOptions) {}

  /** Starts everything and opens the workbench on the scratch workspace. */
  async open(): Promise<{ sim: Simulator; server: CodeServer; page: Page; ui: WorkbenchUi }> {
    const { resultsDir } = this.options;
    fs.rmSync(resultsDir, { recursive: true, force: true });
    fs.mkdirSync(resultsDir, { recursive: true });
    // Anchored at the real time, like `npm run demo`, so the screenshots show recent deployments.
    const sim = (this.sim = await startSimulator({ port: 0, scenario: (state) => seedShownDemo(state, Date.now()) }));
    // A plain folder name: it is the window title in the screenshots.
    const workspace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), this.options.scratchPrefix)), 'acme-services');
    this.workspace = workspace;
    fs.mkdirSync(workspace);
    const server = (this.server = await startCodeServer({
      workspace,
      vsix: this.options.vsix,
      env: this.options.env(sim),
      settings: { ...this.options.settings, 'workbench.tips.enabled': false, 'window.commandCenter': false },
    }));
    this.browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    });
    const page = await this.browser.newPage({ viewport: VIEWPORT });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    const ui = new WorkbenchUi(page);
    await ui.waitForWorkbench();
    return { sim, server, page, ui };
  }

  /** Closing the browser makes a pending wait fail at once (an interrupted run). */
  closeBrowser(): Promise<void> {
    return this.browser?.close().catch(() => undefined) ?? Promise.resolve();
  }

  /** Closes what was started and keeps code-server's log beside the screenshots. */
  async close(): Promise<void> {
    await this.closeBrowser();
    if (this.server) fs.copyFileSync(this.server.logFile, path.join(this.options.resultsDir, 'code-server.log'));
    await this.server?.close().catch(() => undefined);
    await this.sim?.close().catch(() => undefined);
    if (this.workspace) fs.rmSync(path.dirname(this.workspace), { recursive: true, force: true });
  }
}

/** The .vsix named on the command line, or the one `npm run package` builds from package.json's name and version. */
export function vsixFromArgs(): string {
  const given = process.argv[2];
  if (given) return path.resolve(given);
  const { name, version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return path.join(REPO_ROOT, `${name}-${version}.vsix`);
}
