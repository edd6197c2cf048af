import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT, sourceFiles } from '../support/sourceFiles';

// Every command of the extension is wrapped so a failure is told to the person instead of rejecting: a bare
// `await vscode.commands.executeCommand(COMMANDS.x)` in a host test cannot fail. The host tests run the extension's
// commands through the harness (test/integration/support/harness.ts: runCommand, which fails the test when the
// command failed); VS Code's own commands (workbench.*, a view's focus command) may be executed directly.
const HARNESS = join('test', 'integration', 'support', 'harness.ts');
const HARNESS_RUNNERS = new Set(['commandOutcome']);

/** True when the command id is VS Code's own: a literal outside the extension's namespace, or BUILT_IN_COMMANDS.x. */
function isBuiltIn(id: ts.Expression): boolean {
  if (ts.isStringLiteral(id) || ts.isNoSubstitutionTemplateLiteral(id)) return !id.text.startsWith('gitlabApprovals.');
  return (
    ts.isPropertyAccessExpression(id) && ts.isIdentifier(id.expression) && id.expression.text === 'BUILT_IN_COMMANDS'
  );
}

function enclosingFunctionName(node: ts.Node): string | undefined {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent)
    if (ts.isFunctionDeclaration(at)) return at.name?.text;
  return undefined;
}

/** "file:line" of each executeCommand of one of the extension's commands outside the harness's runner. */
function bareCommandRuns(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'executeCommand' &&
      !(node.arguments[0] && isBuiltIn(node.arguments[0])) &&
      !(file === HARNESS && HARNESS_RUNNERS.has(enclosingFunctionName(node) ?? ''))
    )
      found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText()}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('host tests run the extension’s commands through the harness', function () {
  // Loads TypeScript's parser and parses every file: seconds on a loaded machine, and no measure of anything.
  this.timeout(60_000);

  it('no host test executes one of the extension’s commands outside runCommand', () => {
    const files = ['integration', 'integration-vsix', 'e2e']
      .map((dir) => join('test', dir))
      .filter((dir) => existsSync(join(REPO_ROOT, dir)))
      .flatMap(sourceFiles);
    assert.ok(files.includes(HARNESS));
    const bare = files.flatMap((file) => bareCommandRuns(file, readFileSync(join(REPO_ROOT, file), 'utf8')));
    assert.deepEqual(bare, []);
  });

  it('catches the extension’s commands and lets VS Code’s own through', () => {
    const samples: [string, number][] = [
      ['await vscode.commands.executeCommand(COMMANDS.approve, node);', 1],
      ["const done = vscode.commands.executeCommand('gitlabApprovals.signIn');", 1],
      ['await vscode.commands.executeCommand(row.command!.command, ...row.command!.arguments);', 1],
      ["await vscode.commands.executeCommand('workbench.action.closeSidebar');", 0],
      ['await vscode.commands.executeCommand(BUILT_IN_COMMANDS.focusDeploymentsView);', 0],
      ['await runCommand(COMMANDS.approve, node);', 0],
    ];
    for (const [code, expected] of samples) assert.equal(bareCommandRuns('sample.ts', code).length, expected, code);
  });
});
