// Installs the offline test host: code-server (VS Code 1.96.4 server + web workbench) from npm into a
// cache folder, working around each thing that breaks offline (listed in test/host/README.md).
// Idempotent: a marker file written last makes a rerun take well under a second.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CODE_SERVER_VERSION, testHostPaths, type TestHostPaths } from './testHostPaths';
import { installSystemPackages, missingSystemPackages } from './systemPackages';
import { runCommand, seconds, step } from './steps';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const REGISTRY = 'https://registry.npmjs.org/';

export function isTestHostInstalled(paths: TestHostPaths = testHostPaths()): boolean {
  try {
    const marker = JSON.parse(fs.readFileSync(paths.marker, 'utf8')) as { version?: string };
    return marker.version === CODE_SERVER_VERSION && fs.existsSync(paths.codeServerEntry);
  } catch {
    return false;
  }
}

export async function ensureTestHost(paths: TestHostPaths = testHostPaths()): Promise<TestHostPaths> {
  const started = Date.now();
  const missing = missingSystemPackages();
  if (missing.length > 0) {
    await step(`apt-get install ${missing.join(' ')}`, () => installSystemPackages(missing));
  }
  if (isTestHostInstalled(paths)) {
    console.log(
      `[test-host] code-server ${CODE_SERVER_VERSION} already installed in ${paths.installDir} (${seconds(started)})`,
    );
    return paths;
  }
  checkNode();
  console.log(`[test-host] installing code-server ${CODE_SERVER_VERSION} into ${paths.installDir}`);
  // A half-finished install (no marker) is not worth repairing: start clean.
  fs.rmSync(paths.installDir, { recursive: true, force: true });
  fs.mkdirSync(paths.installDir, { recursive: true });
  const env = buildEnv();
  const vscodeDir = path.join(paths.packageDir, 'lib', 'vscode');

  await step(`npm install code-server@${CODE_SERVER_VERSION} --ignore-scripts`, () =>
    npm(
      ['install', '--prefix', paths.installDir, '--no-save', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`],
      paths.installDir,
      env,
    ),
  );
  await step('rewrite git dependencies in lib/vscode/npm-shrinkwrap.json to registry tarballs', async () =>
    rewriteGitDependencies(path.join(vscodeDir, 'npm-shrinkwrap.json')),
  );
  await step('npm install lib/vscode (--omit=dev --ignore-scripts)', () =>
    npm(['install', '--omit=dev', '--ignore-scripts'], vscodeDir, env),
  );
  const nativePackages = packagesWithInstallScripts(vscodeDir);
  await step(`npm rebuild ${nativePackages.join(' ')}`, () => npm(['rebuild', ...nativePackages], vscodeDir, env));
  await step('link @vscode/ripgrep to /usr/bin/rg', async () => linkRipgrep(vscodeDir));
  await step('npm rebuild argon2', () => npm(['rebuild', 'argon2'], paths.installDir, env));
  await step('postinstall links (node_modules.asar, remote-cli, browser helper)', async () =>
    postinstallLinks(vscodeDir),
  );
  await step('npm install lib/vscode/extensions (--omit=dev)', () =>
    npm(['install', '--omit=dev'], path.join(vscodeDir, 'extensions'), env),
  );
  const version = await step('check `code-server --version`', () => checkVersion(paths));
  fs.writeFileSync(
    paths.marker,
    JSON.stringify({ version: CODE_SERVER_VERSION, reported: version, installedAt: new Date().toISOString() }, null, 2),
  );
  console.log(`[test-host] installed ${version} in ${seconds(started)}`);
  return paths;
}

function checkNode(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} needs Node 20 (its native modules are built for it); this is Node ${process.versions.node}`,
    );
  }
  if (!fs.existsSync(path.join(nodeDir(), 'include', 'node', 'node_api.h'))) {
    throw new Error(
      `no Node headers in ${nodeDir()}/include/node; node-gyp would try to download them from nodejs.org`,
    );
  }
}

/** The prefix this node was installed under; node-gyp builds against its headers instead of downloading them. */
function nodeDir(): string {
  return path.resolve(path.dirname(process.execPath), '..');
}

function buildEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    npm_config_nodedir: nodeDir(),
    // node-pty's build runs `npx node-gyp`; a `yes=false` npm config would cancel it.
    npm_config_yes: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
}

function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return runCommand(NPM, args, { cwd, env });
}

/** `@vscode/proxy-agent` is pinned to a GitHub commit; the registry tarball of that version has the same integrity. */
function rewriteGitDependencies(shrinkwrapPath: string): void {
  const shrinkwrap = JSON.parse(fs.readFileSync(shrinkwrapPath, 'utf8')) as {
    packages: Record<string, { resolved?: string; version?: string }>;
  };
  for (const [key, entry] of Object.entries(shrinkwrap.packages)) {
    if (!entry.resolved?.startsWith('git') || !entry.version) continue;
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    entry.resolved = `${REGISTRY}${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
  }
  fs.writeFileSync(shrinkwrapPath, JSON.stringify(shrinkwrap, null, 2));
}

/** Native modules to build; @vscode/ripgrep is left out because its install script downloads rg from GitHub. */
function packagesWithInstallScripts(vscodeDir: string): string[] {
  const shrinkwrap = JSON.parse(fs.readFileSync(path.join(vscodeDir, 'npm-shrinkwrap.json'), 'utf8')) as {
    packages: Record<string, { hasInstallScript?: boolean }>;
  };
  return Object.entries(shrinkwrap.packages)
    .filter(([key, entry]) => entry.hasInstallScript && key.startsWith('node_modules/'))
    .map(([key]) => key.slice('node_modules/'.length))
    .filter((name) => name !== '@vscode/ripgrep' && fs.existsSync(path.join(vscodeDir, 'node_modules', name)));
}

function linkRipgrep(vscodeDir: string): void {
  const binDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(binDir, { recursive: true });
  relink('/usr/bin/rg', path.join(binDir, 'rg'));
}

function postinstallLinks(vscodeDir: string): void {
  relink('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  relink('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  relink('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
}

function relink(target: string, linkPath: string): void {
  fs.rmSync(linkPath, { recursive: true, force: true });
  fs.symlinkSync(target, linkPath);
}

async function checkVersion(paths: TestHostPaths): Promise<string> {
  // Even `--version` writes a default config.yaml and logs under XDG dirs: keep them out of the user's home.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gda-code-server-version-'));
  try {
    const env = { ...process.env, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch };
    const output = await runCommand(process.execPath, [paths.codeServerEntry, '--version'], { env });
    const line = output.split('\n').find((l) => l.startsWith(`${CODE_SERVER_VERSION} `));
    if (!line) throw new Error(`unexpected \`code-server --version\`:\n${output}`);
    return line.trim();
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  ensureTestHost().catch((error: unknown) => {
    console.error(`[test-host] install failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
