import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The localization mechanism (docs/localization.md): package.json strings through package.nls.json, shell strings
// through vscode.l10n.t and l10n/bundle.l10n.json.
const ROOT = join(__dirname, '..', '..', '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const manifest = JSON.parse(read('package.json'));
const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;

/** Every string value in the manifest, with its JSON path. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => strings(item, path ? `${path}.${key}` : key));
  return [];
}

/** Fields a person reads in VS Code's UI (the model-facing tool descriptions and schemas are not among them). */
const USER_FACING =
  /^(displayName|description|capabilities\.untrustedWorkspaces\.description|contributes\.(viewsContainers\.\w+\[\d+\]\.title|views\.\w+\[\d+\]\.(name|contextualTitle)|viewsWelcome\[\d+\]\.contents|commands\[\d+\]\.(title|category)|configuration\.title|configuration\.properties\.[\w.]+\.(markdownDescription|description|enumDescriptions\[\d+\])|languageModelTools\[\d+\]\.(displayName|userDescription)|walkthroughs\[\d+\]\.(title|description|steps\[\d+\]\.(title|description))))$/;

describe('localization', () => {
  const all = strings(manifest);

  it('every user-facing package.json string is a %key% of package.nls.json', () => {
    const plain = all.filter(([path, value]) => USER_FACING.test(path) && !/^%[\w.-]+%$/.test(value));
    assert.deepEqual(plain, []);
    const missing = all
      .map(([, value]) => /^%([\w.-]+)%$/.exec(value)?.[1])
      .filter((key): key is string => key !== undefined && !(key in nls));
    assert.deepEqual(missing, []);
  });

  it('package.nls.json has no key package.json does not use', () => {
    const used = new Set(all.map(([, value]) => /^%([\w.-]+)%$/.exec(value)?.[1]));
    assert.deepEqual(
      Object.keys(nls).filter((key) => !used.has(key)),
      [],
    );
  });

  it('welcome views show no literal Markdown code marks (VS Code renders only links there)', () => {
    const welcome = (manifest.contributes.viewsWelcome as { contents: string }[]).map(
      (w) => nls[/^%([\w.-]+)%$/.exec(w.contents)?.[1] ?? ''] ?? w.contents,
    );
    assert.ok(welcome.length > 0);
    for (const text of welcome) assert.doesNotMatch(text, /`/, text);
  });

  it('l10n/bundle.l10n.json is what npm run l10n writes from the sources', () => {
    execFileSync(process.execPath, ['scripts/l10n.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' });
  });

  it('ships the 128×128 PNG icon and the walkthrough media', () => {
    const png = readFileSync(join(ROOT, manifest.icon));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    const ignore = read('.vscodeignore');
    const shipped = [
      manifest.icon,
      'package.nls.json',
      'l10n/bundle.l10n.json',
      ...manifest.contributes.walkthroughs.flatMap((w: { steps: { media: { markdown: string } }[] }) =>
        w.steps.map((s) => s.media.markdown),
      ),
    ];
    for (const file of shipped) {
      readFileSync(join(ROOT, file));
      assert.ok(ignore.split('\n').includes(`!${file}`), `.vscodeignore ships ${file}`);
    }
  });
});
