// Runs the end-to-end steps one after another, as both browser tests do (test/e2e/run.ts: the desktop build;
// test/e2e/web.ts: the browser build): a screenshot per step on request and on failure, one line per step, and what
// a failed step leaves in the CI log.
import * as path from 'node:path';
import type { Simulator } from '../simulator';
import { failureReport } from './failureReport';
import type { Step } from './steps';
import type { WorkbenchUi } from './workbenchUi';

export interface StepRun {
  ui: WorkbenchUi;
  sim: Simulator;
  serverLogFile: string;
  /** Where screenshots go, named `<step>-<what>.png`. */
  resultsDir: string;
  /** After a failed step: go on with the next (independent steps), or stop (each step builds on the one before). */
  afterFailure: 'continue' | 'stop';
  /** The run was interrupted (a signal): no further step, and a failure then is not counted. */
  interrupted?: () => boolean;
}

export async function runSteps(steps: readonly Step[], run: StepRun): Promise<{ passed: number; failed: number }> {
  const { ui, sim } = run;
  const interrupted = run.interrupted ?? (() => false);
  let passed = 0;
  let failed = 0;
  for (const step of steps) {
    if (interrupted()) break;
    const stepStarted = Date.now();
    const shot = (what: string) => ui.screenshot(path.join(run.resultsDir, `${slug(step.name)}-${slug(what)}.png`));
    try {
      await step.run({ ui, sim, shot });
      passed++;
      console.log(`  ✓ ${step.name} (${seconds(stepStarted)})`);
    } catch (error) {
      if (interrupted()) break;
      failed++;
      await shot('failure').catch(() => undefined);
      console.error(`  ✗ ${step.name} (${seconds(stepStarted)}): ${firstLines(error)}`);
      console.error(
        `    screenshot ${path.relative(process.cwd(), path.join(run.resultsDir, `${slug(step.name)}-failure.png`))}`,
      );
      for (const line of await failureReport(ui.page, sim, run.serverLogFile)) console.error(`    ${line}`);
      if (run.afterFailure === 'stop') break;
      // Leave no menu, input box or dialog open for the next step.
      await ui.page.keyboard.press('Escape').catch(() => undefined);
    }
  }
  return { passed, failed };
}

export function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

const slug = (text: string) =>
  text
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/** Playwright appends the browser's whole log to some errors; the first lines say what went wrong. */
function firstLines(error: unknown, count = 4): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').slice(0, count).join('\n    ');
}
