// How the tools' answers reach the model and the person: results as JSON text parts; confirmations as one plain
// string (core/presentation/confirmations.ts). VS Code 1.96 shows that string as typed in the modal it opens outside a
// chat, and as Markdown in the chat — a MarkdownString would go through a plaintext renderer and an HTML sanitiser in
// the modal, which GitLab text can empty (docs/agent-tools.md).
import * as vscode from 'vscode';
import type { Confirmation } from '../../core/agentTools/plans';
import { confirmationText } from '../../core/presentation';

export function jsonResult(data: object): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(JSON.stringify(data, null, 1))]);
}

/** A write the tool did not do, and why: the model reads it as the tool's answer. */
export function refusedResult(reason: string): vscode.LanguageModelToolResult {
  return jsonResult({ done: false, refused: reason });
}

/** The title is the extension's own words (no GitLab text); the message is plain text that is also inert Markdown. */
export function confirmationMessages(confirmation: Confirmation): vscode.LanguageModelToolConfirmationMessages {
  return { title: confirmation.title, message: confirmationText(confirmation) };
}
