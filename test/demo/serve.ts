// `npm run build && npm run serve`: code-server with this repo as the extension under development (dist/extension.js of
// the dev build), no simulator, for running the extension from source in a browser. Flags: --port 8080, --host 127.0.0.1,
// --folder <workspace> (default: the repo). GITLAB_APPROVALS_URL / GITLAB_APPROVALS_TOKEN in your environment, if set,
// reach the extension host and sign it in. Ctrl-C / SIGTERM stops it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureTestHost } from '../host/installTestHost';
import { REPO_ROOT } from '../host/testHostPaths';
import { startCodeServer } from '../host/codeServer';
import { choosePort, parseFlags, portFlag, stopOnSignals } from './launch';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const host = typeof flags.get('host') === 'string' ? (flags.get('host') as string) : '127.0.0.1';
  const folder = path.resolve(typeof flags.get('folder') === 'string' ? (flags.get('folder') as string) : REPO_ROOT);
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js')))
    throw new Error('no dist/extension.js: run `npm run build` first');

  await ensureTestHost();
  const port = await choosePort(host, portFlag(flags, 'port', 8080), 'code-server');
  const server = await startCodeServer({ host, port, workspace: folder });
  stopOnSignals(() => server.close());

  // The web workbench loads an extension under development from the URL (the server CLI has no such flag).
  const remote = (fsPath: string) => `vscode-remote://${host}:${port}${fsPath}`;
  const query = new URLSearchParams({
    folder,
    payload: JSON.stringify([['extensionDevelopmentPath', remote(REPO_ROOT)]]),
  });
  const signedIn = process.env.GITLAB_APPROVALS_URL && process.env.GITLAB_APPROVALS_TOKEN;
  console.log(`
code-server is running the extension from ${REPO_ROOT} (dist/; rebuild with \`npm run build\` or \`npm run watch\`,
then reload the browser tab).

  Open:  ${server.url}/?${query.toString()}
  Sign-in: ${signedIn ? `from GITLAB_APPROVALS_URL (${process.env.GITLAB_APPROVALS_URL})` : 'none set; use "Sign In to GitLab…" in the view, or start with GITLAB_APPROVALS_URL and GITLAB_APPROVALS_TOKEN'}
  Log:   ${server.logFile}

Ctrl-C to stop.`);
}

main().catch((error: unknown) => {
  console.error(`serve: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
