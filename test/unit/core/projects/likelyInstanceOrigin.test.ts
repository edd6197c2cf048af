import * as assert from 'node:assert/strict';
import { likelyInstanceOrigin } from '../../../../src/core/projects';

describe('likelyInstanceOrigin (sign-in suggestions from git remotes)', () => {
  const cases: [string, string | undefined][] = [
    ['https://gitlab.example.com/group/proj.git', 'https://gitlab.example.com'],
    ['https://gitlab.example.com:8443/gitlab/group/proj.git', 'https://gitlab.example.com:8443'],
    ['http://10.0.0.5/group/proj', 'http://10.0.0.5'],
    ['ssh://git@GitLab.Example.com:2222/group/proj.git', 'https://gitlab.example.com'],
    ['git@gitlab.example.com:group/proj.git', 'https://gitlab.example.com'],
    ['git://gitlab.example.com/group/proj.git', undefined],
    ['C:\\repos\\proj', undefined],
    ['../other', undefined],
  ];
  for (const [remote, expected] of cases) {
    it(`${JSON.stringify(remote)} → ${expected ?? 'nothing'}`, () =>
      assert.equal(likelyInstanceOrigin(remote), expected));
  }
});
