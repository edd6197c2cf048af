// Runs inside the extension host (desktop or code-server): the mocha `run()` both launchers call.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/**
 * Set by the code-server launcher, whose log stream mixes our output with the workbench's own. Lines that
 * start with this mark, and unmarked lines between the BEGIN and END marks, are the suite's.
 */
export const LOG_MARK_ENV = 'GDA_HOST_LOG_MARK';
export const SUITE_BEGIN = 'suite begins';
export const SUITE_END = 'suite ends';

export interface MochaSuiteOptions {
  /** Folder searched recursively for compiled `*.test.js` files. */
  testsDir: string;
  /** Name in the closing "<layer>: N passed, N failed" line. */
  layer: string;
}

export async function runMochaSuite({ testsDir, layer }: MochaSuiteOptions): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 20_000,
    color: false,
    reporter: require.resolve('../support/countReporter'),
    reporterOptions: { layer },
    grep: process.env.MOCHA_GREP || undefined,
  });
  // Suites that restart the extension in place (`*.restarts.test.js`) run after the others: the web workbench does not
  // always take the re-registered tree view ("No tree view with id … registered" in a later suite's first load).
  const restarts = (file: string) => Number(file.endsWith('.restarts.test.js'));
  const files = findTestFiles(testsDir).sort((a, b) => restarts(a) - restarts(b) || a.localeCompare(b));
  if (files.length === 0) throw new Error(`no *.test.js files under ${testsDir}; did you run the build?`);
  files.forEach((file) => mocha.addFile(file));
  const mark = process.env[LOG_MARK_ENV];
  const restoreReporterOutput = mark ? routeReporterOutput(mark) : () => undefined;
  if (mark) console.log(mark + SUITE_BEGIN);
  try {
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    if (failures > 0) throw new Error(`${failures} ${layer} test(s) failed`);
  } finally {
    if (mark) console.log(mark + SUITE_END);
    restoreReporterOutput();
  }
}

/**
 * The web workbench gets console output as one string with printf placeholders left unexpanded
 * ("✔ %s title"), so mocha's reporter lines are expanded and marked here. (The extension host's console
 * methods cannot be replaced: VS Code defines them read-only; mocha's Base.consoleLog can.)
 */
function routeReporterOutput(mark: string): () => void {
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const original = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => console.log(mark + format(...args));
  return () => (base.consoleLog = original);
}

function findTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return findTestFiles(full);
      return entry.isFile() && entry.name.endsWith('.test.js') ? [full] : [];
    })
    .sort();
}
