import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// CI reads the closing count line; a reporter that miscounts would hide failures.
describe('count reporter', () => {
  it('prints the layer, passes, failures and skips, and mocha exits non-zero on a failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gda-reporter-'));
    const spec = join(dir, 'sample.test.js');
    writeFileSync(
      spec,
      "it('a', () => {}); it('b', () => {}); it('c', () => { throw new Error('x'); }); it.skip('d', () => {});",
    );
    const mocha = resolve('node_modules/mocha/bin/mocha.js');
    const result = spawnSync(
      process.execPath,
      [
        mocha,
        '--no-config',
        '--reporter',
        resolve('out/test/support/countReporter.js'),
        '--reporter-option',
        'layer=sample',
        spec,
      ],
      { encoding: 'utf8' },
    );
    assert.match(result.stdout, /^sample: 2 passed, 1 failed, 1 skipped$/m);
    assert.notEqual(result.status, 0);
  });
});
