// Builds the extension bundle (dist/) and transpiles src + test to out/ for the test runners.
// Type checking is `npm run typecheck` (tsc); esbuild only strips types, so it is fast.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * gitbeaker's requester imports a client-side rate limiter (and a glob matcher for it) that the client switches off
 * (`rateLimits: {}`: no limiter is ever built). They are replaced by stubs that fail loudly if ever used, which keeps
 * about 85 KB of dead code out of the bundle. See docs/transport.md.
 */
const unusedRateLimiter = {
  name: 'unused-rate-limiter',
  setup(build) {
    build.onResolve({ filter: /^(rate-limiter-flexible|picomatch-browser)$/ }, (args) => ({
      path: args.path,
      namespace: 'unused-rate-limiter',
    }));
    build.onLoad({ filter: /.*/, namespace: 'unused-rate-limiter' }, (args) => ({
      contents: `const unused = () => { throw new Error('${args.path} is stubbed out of the bundle: gitbeaker rate limits must stay off'); };
module.exports = { RateLimiterMemory: unused, RateLimiterQueue: unused, isMatch: unused, default: { isMatch: unused } };`,
      loader: 'js',
    }));
  },
};

/** The one file VS Code loads: CommonJS, `vscode` provided by the host. */
const extensionBundle = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: 'dist/extension.js',
  external: ['vscode'],
  plugins: [unusedRateLimiter],
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
};

/** Every source and test file, one to one, so mocha and the extension host can load tests. */
const testTranspile = {
  entryPoints: ['src/**/*.ts', 'test/**/*.ts'],
  outdir: 'out',
  outbase: '.',
  bundle: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
};

/**
 * The deployment page's icons: VS Code's codicon font (a dev dependency, CC BY 4.0, its licence shipped beside it),
 * copied next to the bundle, since a webview cannot use the workbench's own copy.
 */
function copyCodicons() {
  const from = 'node_modules/@vscode/codicons';
  mkdirSync('dist/codicons', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf'])
    copyFileSync(join(from, 'dist', file), join('dist/codicons', file));
  copyFileSync(join(from, 'LICENSE'), 'dist/codicons/LICENSE');
}

if (watch) {
  copyCodicons();
  const contexts = await Promise.all([esbuild.context(extensionBundle), esbuild.context(testTranspile)]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching src/ and test/ …');
} else {
  rmSync('dist', { recursive: true, force: true });
  await Promise.all([esbuild.build(extensionBundle), production ? null : esbuild.build(testTranspile)]);
  copyCodicons();
  if (!production) removeStaleOutput('out');
  console.log(`built dist/extension.js${production ? ' (minified)' : ' and out/'}`);
}

/**
 * out/ is overwritten in place rather than wiped first (a test run reading it must not find it half-empty); files
 * whose source is gone are removed so a deleted test cannot keep running.
 */
function removeStaleOutput(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) removeStaleOutput(path);
    else if (path.endsWith('.js') && !existsSync(path.slice('out/'.length).replace(/\.js$/, '.ts'))) rmSync(path);
  }
}
