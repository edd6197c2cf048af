import * as assert from 'node:assert/strict';
import { parseProjectList } from '../../../../src/core/projects';

describe('parseProjectList', () => {
  it('reads ids and paths, trimmed', () => {
    assert.deepEqual(parseProjectList([' 42 ', 'group/proj', ' group/sub/proj/ ', 7]).projects, [
      { kind: 'id', id: 42 },
      { kind: 'path', path: 'group/proj' },
      { kind: 'path', path: 'group/sub/proj' },
      { kind: 'id', id: 7 },
    ]);
  });

  it('keeps the first of duplicates, comparing paths case-insensitively', () => {
    const parsed = parseProjectList(['42', 42, 'Group/Proj', 'group/proj', 'group/other']);
    assert.deepEqual(parsed.projects, [
      { kind: 'id', id: 42 },
      { kind: 'path', path: 'Group/Proj' },
      { kind: 'path', path: 'group/other' },
    ]);
    assert.deepEqual(parsed.invalid, []);
  });

  it('reports each unusable entry with a reason', () => {
    const parsed = parseProjectList([
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
    ]);
    assert.deepEqual(parsed.projects, []);
    assert.deepEqual(
      parsed.invalid.map((i) => i.entry),
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
    assert.ok(parsed.invalid.every((i) => i.reason.length > 0));
    assert.match(parsed.invalid.find((i) => i.entry === 'proj')?.reason ?? '', /group/);
    assert.match(parsed.invalid.find((i) => i.entry.startsWith('https'))?.reason ?? '', /not a URL/);
  });
});
