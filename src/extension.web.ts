// The browser entry point (package.json `browser`): VS Code's web worker extension host (vscode.dev, GitLab's Web IDE,
// code-server's browser host). The same extension without what a web page cannot have (docs/architecture.md#the-browser-build).
import type * as vscode from 'vscode';
import { activateExtension, type ExtensionInternals } from './activation';
import { webPlatform } from './shell/platform/web';

export function activate(context: vscode.ExtensionContext): ExtensionInternals {
  return activateExtension(context, webPlatform);
}

export function deactivate(): void {}
