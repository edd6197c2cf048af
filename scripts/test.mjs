// The one test command (`npm test`): static checks, build, then every test layer.
// Each layer prints its own "N passed, N failed" line; this exits non-zero if any step failed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { version, name } = JSON.parse(readFileSync('package.json', 'utf8'));
const vsix = `${name}-${version}.vsix`;

/** [label, command, stop the run if it fails] */
const steps = [
  ['lint', 'npm run lint', false],
  ['typecheck', 'npm run typecheck', false],
  ['build', 'npm run build', true],
  ['unit tests', 'npm run test:unit', false],
  ['integration tests (real VS Code)', 'npm run test:integration -- --suite integration', false],
  ['package', 'npm run package', true],
  ['installed .vsix tests (real VS Code)', `npm run test:integration -- --suite vsix --vsix ${vsix}`, false],
  ['end-to-end in a real browser', `npm run test:e2e -- ${vsix}`, false],
];

const failed = [];
for (const [label, command, stopOnFailure] of steps) {
  console.log(`\n▶ ${label}: ${command}`);
  const started = Date.now();
  const { status } = spawnSync(command, { shell: true, stdio: 'inherit' });
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
process.exit(failed.length ? 1 : 0);
