import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  BUILT_IN_COMMANDS,
  COMMANDS,
  DEPLOYMENTS_VIEW_ID,
  FOLLOWED_JOBS_VIEW_ID,
} from '../../../src/shell/commands/commandIds';
import { REPO_ROOT as ROOT, sourceFiles } from '../support/sourceFiles';

// The command table (src/shell/commands/commandIds.ts) is the one place a command id is written. These checks hold it
// to package.json both ways, and keep the ids out of every other source file.
const TABLE = join('src', 'shell', 'commands', 'commandIds.ts');

interface Manifest {
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    menus: Record<string, { command: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

describe('the command table', () => {
  it('names exactly the commands package.json contributes', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(Object.values(COMMANDS).sort(), contributed);
  });

  it('menus name only commands of the table', () => {
    const known = new Set<string>(Object.values(COMMANDS));
    const strays = Object.values(manifest.contributes.menus)
      .flat()
      .map((item) => item.command)
      .filter((id) => !known.has(id));
    assert.deepEqual(strays, []);
  });

  it('names the contributed views and the commands VS Code makes to focus them', () => {
    assert.deepEqual(
      Object.values(manifest.contributes.views)
        .flat()
        .map((v) => v.id),
      [DEPLOYMENTS_VIEW_ID, FOLLOWED_JOBS_VIEW_ID],
    );
    assert.equal(BUILT_IN_COMMANDS.focusDeploymentsView, `${DEPLOYMENTS_VIEW_ID}.focus`);
    assert.equal(BUILT_IN_COMMANDS.focusFollowedJobsView, `${FOLLOWED_JOBS_VIEW_ID}.focus`);
  });

  it('is the only source file that spells a command id', () => {
    const ids = [...Object.values(COMMANDS), ...Object.values(BUILT_IN_COMMANDS)];
    const spelled = sourceFiles('src')
      .filter((file) => file !== TABLE)
      .flatMap((file) => {
        const text = readFileSync(join(ROOT, file), 'utf8');
        return ids
          .filter((id) => new RegExp(`['"\`]${id.replace(/\./g, '\\.')}['"\`]`).test(text))
          .map((id) => `${relative('.', file)}: ${id}`);
      });
    assert.deepEqual(spelled, []);
  });
});
