import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT as ROOT, sourceFiles } from '../support/sourceFiles';

// Every string a person reads in the shell goes through vscode.l10n.t (docs/localization.md). This reads the shell's
// sources and fails on a bare string literal where VS Code shows text: the arguments of the message, modal, progress,
// quick-pick and input-box calls (VS Code's and the presentation home's), the text fields of the objects handed to
// them (title, prompt, placeholder, tooltip, label, …), the status-bar item's text, tooltip and accessibility label,
// and the agent tools' invocation messages. A literal with no words (`$(bell) `, '·') is not text to translate.

/** Calls whose arguments VS Code shows (VS Code's own and src/shell/presentation/ui.ts's). */
const UI_CALLS = new Set([
  'showInformationMessage',
  'showWarningMessage',
  'showErrorMessage',
  'withProgress',
  'showQuickPick',
  'showInputBox',
  'createQuickPick',
  'createInputBox',
  'createWebviewPanel',
  'showInfo',
  'showWarning',
  'askModal',
  'withNotificationProgress',
  'pickOne',
  'pickMany',
  'askText',
  'setStatusBarMessage',
  'appendMarkdown',
  'MarkdownString',
]);

/** Fields of an object literal or an item that VS Code shows as text. */
const TEXT_FIELDS = new Set([
  'title',
  'prompt',
  'placeHolder',
  'placeholder',
  'tooltip',
  'label',
  'description',
  'detail',
  'text',
  'invocationMessage',
  'validationMessage',
]);

/** True when the expression is (or may evaluate to) a literal with words in it, not a vscode.l10n.t call. */
function isBareText(node: ts.Expression): boolean {
  // Codicons (`$(bell)`) and example addresses are not words to translate.
  const words = (text: string) => /[A-Za-z]{2,}/.test(text.replace(/\$\([\w~-]+\)|\bhttps?:\/\/\S*/g, ''));
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return words(node.text);
  if (ts.isTemplateExpression(node))
    return words(node.head.text) || node.templateSpans.some((span) => words(span.literal.text));
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) return isBareText(node.expression);
  if (ts.isConditionalExpression(node)) return isBareText(node.whenTrue) || isBareText(node.whenFalse);
  if (ts.isBinaryExpression(node)) return isBareText(node.left) || isBareText(node.right);
  return false;
}

function nameOf(node: ts.PropertyName | ts.Expression): string | undefined {
  if (ts.isIdentifier(node) || ts.isStringLiteral(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return undefined;
}

/** Text fields that are not shown, by file and field: a literal there is data, not words. */
const NOT_SHOWN = new Set([
  // The side of a diff GitLab has no file for: a query value of the diff's URI, read back by gitlabFiles.ts.
  'src/shell/reviewChanges/reviewChanges.ts placeholder',
]);

/** "file:line: what" for each bare literal a person would read. */
function bareTexts(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const report = (node: ts.Node, what: string) =>
    found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`);
  const checkObject = (object: ts.ObjectLiteralExpression) => {
    for (const property of object.properties) {
      if (!ts.isPropertyAssignment(property)) continue;
      const field = nameOf(property.name);
      if (field && TEXT_FIELDS.has(field) && isBareText(property.initializer) && !NOT_SHOWN.has(`${file} ${field}`))
        report(property, field);
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = nameOf(node.expression);
      if (callee && UI_CALLS.has(callee))
        node.arguments?.forEach((argument, i) => {
          if (isBareText(argument)) report(argument, `${callee} argument ${i + 1}`);
        });
    }
    // The text fields of every object the shell builds: options, picks, items, tool invocations.
    if (ts.isObjectLiteralExpression(node)) checkObject(node);
    // `item.text = '…'`, `item.tooltip = '…'`, `view.message = '…'`.
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const field = nameOf(node.left);
      if (field && (TEXT_FIELDS.has(field) || field === 'name' || field === 'message') && isBareText(node.right))
        report(node, `assigns ${field}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('shell strings go through vscode.l10n.t', function () {
  // Loads TypeScript's parser and parses every file: seconds on a loaded machine, and no measure of anything.
  this.timeout(60_000);

  it('no shell file hands VS Code a bare string literal to show', () => {
    const bare = sourceFiles(join('src', 'shell')).flatMap((file) =>
      bareTexts(file, readFileSync(join(ROOT, file), 'utf8')),
    );
    assert.deepEqual(bare, []);
  });

  it('catches a bare literal, and passes vscode.l10n.t calls and literals with no words', () => {
    const samples: [string, number][] = [
      ["showInfo('Done.');", 1],
      ['vscode.window.showWarningMessage(`Deleted ${n} rows`);', 1],
      ["withNotificationProgress(ok ? 'Approving…' : vscode.l10n.t('Rejecting…'), run);", 1],
      ["askText({ title: 'Comment', prompt: vscode.l10n.t('Why?') });", 1],
      ['item.accessibilityInformation = { label: `GitLab deployments: ${what}` };', 1],
      ["item.tooltip = 'Click to open';", 1],
      ["const prepared = { invocationMessage: 'Reading' };", 1],
      ["showInfo(vscode.l10n.t('Done.'));", 0],
      ['item.text = `$(bell) ${what}`;', 0],
      ["pickOne(items, { placeHolder: vscode.l10n.t('Pick one') });", 0],
      ["deploymentTargets(engine, { title: 'Show which deployment?' });", 1],
      ['md.appendMarkdown(`\\n- ${text(rule)}: ${n(count)} required\\n`);', 1],
      ["md.appendMarkdown('\\n');", 0],
    ];
    for (const [code, expected] of samples) {
      const found = bareTexts('sample.ts', code);
      assert.equal(found.length, expected, `${code} → ${found.join('; ')}`);
    }
  });
});
