// Builds the extension bundle (dist/) and transpiles src + test to out/ for the test runners.
// Type checking is `npm run typecheck` (tsc); esbuild only strips types, so it is fast.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

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

/**
 * The web build's seams: a module with a `.web.ts` sibling (`defaultExchange.web.ts`: fetch instead of Node's http;
 * `signalListeners.web.ts`) is replaced by it, so the web bundle never imports a Node module and the desktop bundle
 * never carries the browser's variant. Which parts the shell has is chosen by the entry point
 * (`src/extension.web.ts`), not here.
 */
const webSiblings = {
  name: 'web-siblings',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.path.endsWith('.web')) return undefined;
      const web = resolve(args.resolveDir, `${args.path}.web.ts`);
      return existsSync(web) ? { path: web } : undefined;
    });
  },
};

/**
 * The browser build: VS Code's web worker extension host (vscode.dev, github.dev, GitLab's Web IDE, code-server's
 * browser host) loads `browser` from package.json as CommonJS, with `vscode` provided and no Node API. Any Node
 * module reaching this bundle fails the build.
 */
const webBundle = {
  ...extensionBundle,
  entryPoints: ['src/extension.web.ts'],
  platform: 'browser',
  target: 'es2022',
  outfile: 'dist/web/extension.js',
  plugins: [unusedRateLimiter, webSiblings],
  // gitbeaker's dependencies read `process.env.NODE_ENV`-style globals in places; a web worker has no `process`.
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
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
  const contexts = await Promise.all(
    [extensionBundle, webBundle, testTranspile].map((options) => esbuild.context(options)),
  );
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching src/ and test/ …');
} else {
  rmSync('dist', { recursive: true, force: true });
  await Promise.all([
    esbuild.build(extensionBundle),
    esbuild.build(webBundle),
    production ? null : esbuild.build(testTranspile),
  ]);
  copyCodicons();
  if (!production) removeStaleOutput('out');
  console.log(`built dist/extension.js, dist/web/extension.js${production ? ' (minified)' : ' and out/'}`);
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
