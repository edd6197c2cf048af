// Facts about the host that every other integration test silently relies on.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'deployment-approvals.gitlab-deployment-approvals';
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

describe('the test host', () => {
  it('runs a VS Code that satisfies engines.vscode of package.json', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      engines: { vscode: string };
    };
    const floor = parseVersion(manifest.engines.vscode.replace(/^[\^~>=\s]+/, ''));
    const actual = parseVersion(vscode.version);
    assert.ok(compare(actual, floor) >= 0, `VS Code ${vscode.version} is older than ${manifest.engines.vscode}`);
    if (manifest.engines.vscode.startsWith('^'))
      assert.equal(actual[0], floor[0], `VS Code ${vscode.version} is outside ${manifest.engines.vscode}`);
  });

  it('loads the extension under development from this repository', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    assert.equal(path.resolve(extension.extensionPath), REPO_ROOT);
  });

  it('opens a workspace folder for the tests', () => {
    assert.equal(vscode.workspace.workspaceFolders?.length, 1);
  });
});

function parseVersion(text: string): number[] {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(text);
  assert.ok(match, `not a version: ${text}`);
  return match.slice(1, 4).map(Number);
}

function compare(a: number[], b: number[]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
