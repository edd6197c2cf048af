// How the tools' answers reach the model and the person: results as JSON text parts, confirmations as Markdown in
// which every value passes the one escaping home (VS Code renders both the title and the message as Markdown in the
// chat view, and as plain text in the dialog it shows outside chat).
import * as vscode from 'vscode';
import type { Confirmation } from '../../core/agentTools/plans';
import { markdownText } from '../../core/presentation';

export function jsonResult(data: object): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(JSON.stringify(data, null, 1))]);
}

/** A write the tool did not do, and why: the model reads it as the tool's answer. */
export function refusedResult(reason: string): vscode.LanguageModelToolResult {
  return jsonResult({ done: false, refused: reason });
}

export function confirmationMessages(confirmation: Confirmation): vscode.LanguageModelToolConfirmationMessages {
  const message = new vscode.MarkdownString();
  message.supportHtml = false;
  message.isTrusted = false;
  message.supportThemeIcons = false;
  for (const fact of confirmation.facts) {
    message.appendMarkdown(`- **${markdownText(fact.label)}:** ${markdownText(fact.value)}\n`);
  }
  message.appendMarkdown('\n');
  for (const consequence of confirmation.consequences) message.appendMarkdown(`${markdownText(consequence)}\n\n`);
  return { title: confirmation.title, message };
}
