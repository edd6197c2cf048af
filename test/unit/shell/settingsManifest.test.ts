import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The Settings editor labels a setting with its key's prefix unless the prefix is the configuration's id: without one,
// every setting read "Gitlab Approvals: Instances" (VS Code capitalises the camel-cased key, not our title).
const ROOT = join(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { id?: string; title: string; properties: Record<string, unknown> } };
};

describe('the settings in the Settings editor', () => {
  it('are grouped under an id equal to their keys’ prefix, so VS Code shows no "Gitlab Approvals:" before each', () => {
    const { id, properties } = manifest.contributes.configuration;
    assert.equal(id, 'gitlabApprovals');
    for (const key of Object.keys(properties)) assert.ok(key.startsWith(`${id}.`), key);
  });
});
