// The desktop launcher: the same suite in a downloaded desktop VS Code via @vscode/test-electron.
// Needs update.code.visualstudio.com and a display; on this offline machine use the code-server launcher.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { REPO_ROOT } from './testHostPaths';
import type { SuiteRun } from './suites';

/** The oldest VS Code our manifest claims to support, so the suite guards the floor (override: GDA_VSCODE_VERSION). */
export function engineVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    engines: { vscode: string };
  };
  return process.env.GDA_VSCODE_VERSION || manifest.engines.vscode.replace(/^[\^~>=\s]+/, '');
}

export async function runSuiteInElectron(run: SuiteRun): Promise<number> {
  const version = engineVersion();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gda-vscode-'));
  const userDataDir = path.join(scratch, 'user-data');
  const extensionsDir = path.join(scratch, 'extensions');
  try {
    const vscodeExecutablePath = await downloadAndUnzipVSCode(version).catch((error: Error) => {
      throw new Error(
        `cannot get desktop VS Code ${version} (${error.message}); offline, use GDA_TEST_HOST=code-server`,
      );
    });
    if (run.vsix) installVsix(vscodeExecutablePath, run.vsix, userDataDir, extensionsDir);
    console.log(`[electron] VS Code ${version}; running the ${run.suite} suite`);
    const launchArgs = [run.workspace, `--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`];
    // --disable-extensions would also disable the installed .vsix the vsix suite is about; its extensions
    // folder is empty apart from that .vsix, so nothing else loads either way.
    if (!run.vsix) launchArgs.push('--disable-extensions');
    const finished = runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: run.extensionDevelopmentPath,
      extensionTestsPath: run.extensionTestsPath,
      extensionTestsEnv: run.env,
      launchArgs,
    }).catch((error: unknown) => {
      // runTests rejects on a non-zero exit: the failures are already printed by mocha.
      const code = (error as { code?: number }).code;
      if (typeof code !== 'number')
        console.error(`[electron] ${error instanceof Error ? error.message : String(error)}`);
      return typeof code === 'number' && code !== 0 ? code : 1;
    });
    return await withTimeout(finished, run);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * test-electron closes VS Code on SIGINT (gracefully, then by force on a second one); a timeout uses the same
 * path so no VS Code is left running when this process exits.
 */
async function withTimeout(finished: Promise<number>, run: SuiteRun): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), run.timeoutMs)));
  const outcome = await Promise.race([finished, timedOut]);
  clearTimeout(timer);
  if (outcome !== 'timeout') return outcome;
  console.error(`[electron] the ${run.suite} suite did not finish within ${run.timeoutMs / 1000} s; closing VS Code`);
  process.emit('SIGINT', 'SIGINT');
  const closed = await Promise.race([
    finished.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), 10_000)),
  ]);
  if (!closed) process.emit('SIGINT', 'SIGINT');
  return 1;
}

function installVsix(vscodeExecutablePath: string, vsix: string, userDataDir: string, extensionsDir: string): void {
  // reuseMachineInstall: leave out the default profile folders, ours follow.
  const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath, { reuseMachineInstall: true });
  const args = [
    ...cliArgs,
    `--user-data-dir=${userDataDir}`,
    `--extensions-dir=${extensionsDir}`,
    '--install-extension',
    path.resolve(vsix),
  ];
  const result = spawnSync(cli, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed (exit ${result.status ?? result.signal})`);
}
