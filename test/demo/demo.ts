// `npm run demo`: the GitLab simulator (demo scenario) + code-server with the packaged extension signed in to it, for a
// person's browser. Flags: --port 8929 (simulator), --code-server-port 8080, --host 127.0.0.1, --profile latest,
// --signed-out (start signed out: the walkthrough opens, and Sign In / Sign Out work with the URL and token printed).
// Ctrl-C / SIGTERM stops both.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { seedShownDemo, SHOWN_DEMO_SETTINGS, startSimulator, type ProfileName } from '../simulator';
import { ensureTestHost } from '../host/installTestHost';
import { REPO_ROOT } from '../host/testHostPaths';
import { startCodeServer } from '../host/codeServer';
import { choosePort, parseFlags, portFlag, stopOnSignals } from './launch';

interface Manifest {
  name: string;
  publisher: string;
  version: string;
}

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(target).map((entry) => newestMtime(path.join(target, entry))));
}

/**
 * Packages the extension unless the .vsix is newer than every source file and the manifest. Undefined when packaging
 * fails: the caller then installs the build folder instead, so the demo still shows the real extension.
 */
function ensureVsix(manifest: Manifest): string | undefined {
  const vsix = path.join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`);
  const sourcesChanged = Math.max(
    newestMtime(path.join(REPO_ROOT, 'src')),
    newestMtime(path.join(REPO_ROOT, 'package.json')),
  );
  if (fs.existsSync(vsix) && fs.statSync(vsix).mtimeMs > sourcesChanged) {
    console.log(`using ${path.basename(vsix)} (newer than src/)`);
    return vsix;
  }
  console.log(`${path.basename(vsix)} is ${fs.existsSync(vsix) ? 'older than src/' : 'missing'}: packaging…`);
  try {
    execFileSync(process.execPath, ['scripts/package.mjs'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    return vsix;
  } catch {
    console.error(`! \`npm run package\` failed (above); installing the built extension folder instead of a .vsix`);
    return undefined;
  } finally {
    // Packaging leaves a minified dist/ (or none); put the dev build back for `npm run serve`, the tests and the fallback.
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
}

/** What the .vsix would hold (.vscodeignore), copied the way an installed extension lies in the extensions folder. */
function installBuildFolder(manifest: Manifest, extensionsDir: string): void {
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  for (const entry of ['package.json', 'dist/extension.js', 'media', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
    fs.cpSync(path.join(REPO_ROOT, entry), path.join(target, entry), { recursive: true });
  }
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const host = typeof flags.get('host') === 'string' ? (flags.get('host') as string) : '127.0.0.1';
  const profile = typeof flags.get('profile') === 'string' ? (flags.get('profile') as ProfileName) : undefined;
  // Signed in from the token variables, Sign Out cannot sign out (the variables stay): --signed-out shows that path.
  const signedOut = flags.get('signed-out') === true;
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

  await ensureTestHost();
  const vsix = ensureVsix(manifest);
  const simPort = await choosePort(host, portFlag(flags, 'port', 8929), 'simulator');
  const editorPort = await choosePort(host, portFlag(flags, 'code-server-port', 8080), 'code-server');

  const sim = await startSimulator({
    port: simPort,
    host,
    scenario: (state) => seedShownDemo(state, Date.now()),
    profile,
    jobStepMs: 3000, // a job you run goes queued → running (its log growing) → its end in about 20 s
  });
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gda-demo-workspace-'));
  let stopSim: (() => Promise<void>) | undefined = () => sim.close();
  const cleanUp = async () => {
    await stopSim?.();
    stopSim = undefined;
    fs.rmSync(workspace, { recursive: true, force: true });
  };
  try {
    const server = await startCodeServer({
      host,
      port: editorPort,
      workspace,
      // The extension signs in from these without a prompt; code-server hands its environment to the extension host.
      env: signedOut ? {} : { GITLAB_APPROVALS_URL: sim.url, GITLAB_APPROVALS_TOKEN: sim.defaultToken },
      settings: SHOWN_DEMO_SETTINGS,
      vsix,
      prepareExtensions: (extensionsDir) => (vsix ? undefined : installBuildFolder(manifest, extensionsDir)),
    });
    stopOnSignals(async () => {
      await server.close();
      await cleanUp();
    });
    console.log(`
Deployment Approvals for GitLab demo is running.

  Open:       ${server.url}/
              then click the GitLab Approvals icon (a shield) in the activity bar.${
                signedOut
                  ? `
  Sign in:    "Sign In to GitLab…", type the instance ${sim.url} (http: say Continue), then the token below.`
                  : ''
              }
  Simulator:  ${sim.url}   (profile ${sim.profile.name}, user ${sim.state.mainUsername})
  Token:      ${sim.defaultToken}
  Try:        curl -H "PRIVATE-TOKEN: ${sim.defaultToken}" "${sim.apiUrl}/projects/1/deployments?status=blocked"
  State:      ${sim.url}/__sim/state
  Log:        ${server.logFile}

Ctrl-C to stop.`);
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
