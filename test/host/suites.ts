// What a suite run needs, independent of which VS Code launches it.
import * as path from 'node:path';
import { REPO_ROOT } from './testHostPaths';

export const SUITE_NAMES = ['integration', 'vsix'] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];

export interface SuiteRun {
  suite: SuiteName;
  /** The extension loaded from source: the repo itself, or the do-nothing probe for the vsix suite. */
  extensionDevelopmentPath: string;
  /** Compiled mocha entry exporting run(). */
  extensionTestsPath: string;
  workspace: string;
  /** Installed into the host's (empty, isolated) extensions folder before start. */
  vsix?: string;
  /** Extra variables for the extension host, on top of this process's own environment. */
  env: Record<string, string>;
  timeoutMs: number;
}

export function suiteEntryPoints(suite: SuiteName): Pick<SuiteRun, 'extensionDevelopmentPath' | 'extensionTestsPath'> {
  if (suite === 'vsix') {
    return {
      extensionDevelopmentPath: path.join(REPO_ROOT, 'test', 'fixtures', 'vsix-probe'),
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'integration-vsix', 'index.js'),
    };
  }
  return {
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js'),
  };
}
