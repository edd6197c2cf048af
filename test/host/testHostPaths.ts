// Where the offline test host (code-server) lives. Outside node_modules so `npm ci` does not wipe it
// and so several checkouts on one machine share one install.
import * as os from 'node:os';
import * as path from 'node:path';

/** code-server 4.96.4 bundles VS Code 1.96.4 (our engines floor) and still runs on Node 20. */
export const CODE_SERVER_VERSION = '4.96.4';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface TestHostPaths {
  cacheDir: string;
  /** npm prefix that holds node_modules/code-server */
  installDir: string;
  packageDir: string;
  codeServerEntry: string;
  /** Written last by the installer; its presence means the install is complete. */
  marker: string;
}

export function testHostPaths(env: NodeJS.ProcessEnv = process.env): TestHostPaths {
  const cacheDir = path.resolve(
    env.GDA_TEST_HOST_CACHE || path.join(os.homedir(), '.cache', 'gitlab-deployment-approvals', 'test-host'),
  );
  const installDir = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
  const packageDir = path.join(installDir, 'node_modules', 'code-server');
  return {
    cacheDir,
    installDir,
    packageDir,
    codeServerEntry: path.join(packageDir, 'out', 'node', 'entry.js'),
    marker: path.join(installDir, '.installed.json'),
  };
}

export const CHROMIUM_PATH = process.env.GDA_CHROMIUM_PATH || '/usr/bin/chromium';
