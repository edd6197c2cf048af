import * as assert from 'node:assert/strict';
import { parseProjectEntry, type InvalidProjectEntry } from '../../../../src/core/projects';

describe('parseProjectEntry', () => {
  it('reads ids and paths, trimmed', () => {
    assert.deepEqual([' 42 ', 'group/proj', ' group/sub/proj/ ', 7].map(parseProjectEntry), [
      { kind: 'id', id: 42 },
      { kind: 'path', path: 'group/proj' },
      { kind: 'path', path: 'group/sub/proj' },
      { kind: 'id', id: 7 },
    ]);
  });

  it('says why each unusable entry cannot be used', () => {
    const entries = [
      '',
      '   ',
      '0',
      -3,
      1.5,
      'proj',
      'https://gitlab.example.com/g/p',
      'group/-bad',
      'group/proj.git',
      'group//proj',
      'group/a b',
      null,
      { id: 1 },
    ];
    const invalid = entries.map(parseProjectEntry) as InvalidProjectEntry[];
    assert.deepEqual(
      invalid.map((i) => i.entry),
      [
        '',
        '   ',
        '0',
        '-3',
        '1.5',
        'proj',
        'https://gitlab.example.com/g/p',
        'group/-bad',
        'group/proj.git',
        'group//proj',
        'group/a b',
        'null',
        '{"id":1}',
      ],
    );
    assert.ok(invalid.every((i) => i.reason.length > 0));
    assert.match(invalid.find((i) => i.entry === 'proj')?.reason ?? '', /group/);
    assert.match(invalid.find((i) => i.entry.startsWith('https'))?.reason ?? '', /not a URL/);
  });
});
