import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The offline Open VSX check that `npm run package` runs (scripts/openVsxCheck.mjs, docs/releasing.md).
const ROOT = join(__dirname, '..', '..', '..', '..');
const read = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));

type Check = (input: {
  manifest: Record<string, unknown>;
  nls: Record<string, string>;
  files: string[];
  packageBytes: number;
}) => string[];

describe('Open VSX readiness (offline check)', () => {
  let openVsxProblems: Check;
  const manifest = read('package.json');
  const nls = read('package.nls.json');
  const files = ['package.json', 'LICENSE', 'README.md', 'media/icon.png', 'dist/extension.js'];
  const check = (changes: Record<string, unknown> = {}, nlsChanges: Record<string, string> = {}, bytes = 240_000) =>
    openVsxProblems({
      manifest: { ...manifest, ...changes },
      nls: { ...nls, ...nlsChanges },
      files,
      packageBytes: bytes,
    });

  before(async () => {
    ({ openVsxProblems } = (await import(join(ROOT, 'scripts', 'openVsxCheck.mjs'))) as { openVsxProblems: Check });
  });

  it('passes the manifest as it is, under the name "Deployment Approvals for GitLab"', () => {
    assert.deepEqual(check(), []);
    assert.equal(nls.displayName, 'Deployment Approvals for GitLab');
  });

  it('keeps the extension id and the settings keys existing users have', () => {
    assert.equal(`${manifest.publisher}.${manifest.name}`, 'deployment-approvals.gitlab-deployment-approvals');
    const keys = Object.keys(manifest.contributes.configuration.properties);
    assert.ok(keys.length > 0 && keys.every((key) => key.startsWith('gitlabApprovals.')), keys.join(', '));
  });

  it('refuses a display name that starts with the GitLab brand', () => {
    const problems = check({}, { displayName: 'GitLab Deployment Approvals' });
    assert.match(problems.join('\n'), /starts with the GitLab brand/);
  });

  it('refuses what the Open VSX server refuses', () => {
    assert.match(check({ name: 'deployment approvals' }).join('\n'), /"name" may hold only/);
    assert.match(check({ version: 'latest' }).join('\n'), /reserved/);
    assert.match(check({ repository: undefined }).join('\n'), /"repository" is missing/);
    assert.match(check({ bugs: { url: 'not a url' } }).join('\n'), /"bugs" is not a URL/);
    assert.match(check({ galleryBanner: { color: '#000', theme: 'blue' } }).join('\n'), /galleryBanner\.theme/);
    assert.match(check({}, { description: 'bad\u0007text' }).join('\n'), /"description" contains an invalid character/);
    assert.match(check({ license: undefined }).join('\n'), /"license" is missing/);
  });

  it('refuses a package without a licence file, an icon it lacks, or over the size limit', () => {
    const withoutLicence = openVsxProblems({
      manifest,
      nls,
      files: ['package.json', 'media/icon.png'],
      packageBytes: 1,
    });
    assert.match(withoutLicence.join('\n'), /no LICENSE file/);
    assert.match(check({ icon: 'media/missing.png' }).join('\n'), /icon media\/missing\.png is not in the package/);
    assert.match(check({}, {}, 5 * 1024 * 1024).join('\n'), /over our/);
  });
});
