// The one test command (`npm test`): static checks, build, then every test layer.
// Each layer prints its own "N passed, N failed" line; this exits non-zero if any step failed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { version, name } = JSON.parse(readFileSync('package.json', 'utf8'));
const vsix = `${name}-${version}.vsix`;

/** [label, command, stop the run if it fails] */
const steps = [
  ['lint', 'npm run lint', false],
  ['typecheck', 'npm run typecheck', false],
  ['build', 'npm run build', true],
  ['unit tests', 'npm run test:unit', false],
  // The transport and client suites again over the browser build's exchange (fetch): one suite, two exchanges.
  ["unit tests over fetch (the browser build's transport)", 'npm run test:unit:fetch', false],
  ['integration tests (real VS Code)', 'npm run test:integration -- --suite integration', false],
  ['package', 'npm run package', true],
  ['installed .vsix tests (real VS Code)', `npm run test:integration -- --suite vsix --vsix ${vsix}`, false],
  ['end-to-end in a real browser', `npm run test:e2e -- ${vsix}`, false],
  // The browser build (package.json `browser`) in the workbench's web worker host: sign in, approve from tree and page.
  ['the browser build end-to-end (web worker host)', `npm run test:e2e:web -- ${vsix}`, false],
];

/** Runs a step with its output passed through, collecting the layers' "N passed, N failed" lines. */
function runStep(command, counts) {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'inherit'] });
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const count = /^(\w[\w-]*): (\d+) passed, (\d+) failed(?:, (\d+) skipped)?/.exec(line);
        if (count)
          counts.push({
            layer: count[1],
            passed: Number(count[2]),
            failed: Number(count[3]),
            skipped: Number(count[4] ?? 0),
          });
      }
    });
    child.on('close', (status) => resolve(status));
  });
}

const failed = [];
const counts = [];
for (const [label, command, stopOnFailure] of steps) {
  console.log(`\n▶ ${label}: ${command}`);
  const started = Date.now();
  const status = await runStep(command, counts);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (status === 0) {
    console.log(`✔ ${label} (${seconds} s)`);
    continue;
  }
  console.log(`✘ ${label} failed with exit code ${status} (${seconds} s)`);
  failed.push(label);
  if (stopOnFailure) break;
}

console.log(failed.length ? `\nnpm test: FAILED — ${failed.join(', ')}` : '\nnpm test: all steps passed');
const total = (key) => counts.reduce((sum, c) => sum + c[key], 0);
console.log(`layers: ${counts.map((c) => `${c.layer} ${c.passed}/${c.passed + c.failed}`).join(', ')}`);
// A step that failed without a count line (lint, a crash) still counts as a failure here.
const skipped = total('skipped') ? `, ${total('skipped')} skipped` : '';
console.log(`all: ${total('passed')} passed, ${Math.max(total('failed'), failed.length)} failed${skipped}`);
process.exit(failed.length ? 1 : 0);
