// The desktop entry point (package.json `main`): VS Code's Node extension host, on the desktop or a remote machine.
import type * as vscode from 'vscode';
import { activateExtension, type ExtensionInternals } from './activation';
import { desktopPlatform } from './shell/platform/desktop';

export type { ExtensionInternals };

export function activate(context: vscode.ExtensionContext): ExtensionInternals {
  return activateExtension(context, desktopPlatform);
}

export function deactivate(): void {}
