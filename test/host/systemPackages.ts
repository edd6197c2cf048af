// The Debian packages the offline test host needs, and installing them when we may.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { CHROMIUM_PATH } from './testHostPaths';
import { runCommand } from './steps';

/** chromium drives the workbench; libkrb5-dev builds `kerberos`; ripgrep replaces @vscode/ripgrep's download. */
const REQUIRED_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep'];
/** node-gyp builds code-server's native modules with these; checked as commands, installed as packages. */
const BUILD_TOOLS: Record<string, string> = { make: 'make', 'g++': 'g++', python3: 'python3' };

export function missingSystemPackages(): string[] {
  const missing = REQUIRED_PACKAGES.filter((name) => !isDebianPackageInstalled(name));
  for (const [command, pkg] of Object.entries(BUILD_TOOLS)) {
    if (!commandExists(command)) missing.push(pkg);
  }
  if (!fs.existsSync(CHROMIUM_PATH) && !missing.includes('chromium')) missing.push('chromium');
  return missing;
}

export function aptInstallCommand(packages: string[]): string {
  return `apt-get update && apt-get install -y ${packages.join(' ')}`;
}

export async function installSystemPackages(packages: string[]): Promise<void> {
  if (!commandExists('apt-get')) {
    throw new Error(
      `missing ${packages.join(', ')} and apt-get is not available; install them with your package manager`,
    );
  }
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing Debian packages. Run as root:\n  sudo sh -c '${aptInstallCommand(packages)}'\nthen run this again`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runCommand('apt-get', ['update'], { env });
  await runCommand('apt-get', ['install', '-y', ...packages], { env });
}

function isDebianPackageInstalled(name: string): boolean {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .includes('install ok installed');
  } catch {
    return false;
  }
}

function commandExists(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}
