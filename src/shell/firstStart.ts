// The walkthrough on the first start: a person who installed the extension and is not signed in is shown how to begin
// (sign in, choose projects, approve) once; VS Code opens an extension's walkthrough by itself only when it is installed
// from the Extensions view while the window runs, not when it was installed before (a profile, a remote, the CLI).
import * as vscode from 'vscode';
import type { Instances } from './instances';

/** Set once the walkthrough was opened (global state: once per machine, not per workspace). */
export const WALKTHROUGH_SHOWN_KEY = 'gitlabApprovals.walkthroughShown';
const WALKTHROUGH = 'gettingStarted';

export async function openWalkthroughOnFirstStart(
  context: vscode.ExtensionContext,
  instances: Pick<Instances, 'signedIn'>,
): Promise<void> {
  if (context.globalState.get<boolean>(WALKTHROUGH_SHOWN_KEY) || instances.signedIn) return;
  await context.globalState.update(WALKTHROUGH_SHOWN_KEY, true);
  await vscode.commands.executeCommand(
    'workbench.action.openWalkthrough',
    `${context.extension.id}#${WALKTHROUGH}`,
    false,
  );
}
