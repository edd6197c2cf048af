import * as assert from 'node:assert/strict';
import { projectPathFromRemote } from '../../../../src/core/projects';

describe('projectPathFromRemote', () => {
  const onGitLabExample: [string, string | undefined][] = [
    ['https://gitlab.example.com/group/proj.git', 'group/proj'],
    ['https://gitlab.example.com/group/sub/deeper/proj.git', 'group/sub/deeper/proj'],
    ['https://gitlab.example.com/group/proj', 'group/proj'],
    ['https://gitlab.example.com/group/proj/', 'group/proj'],
    ['https://gitlab.example.com/group/proj.git/', 'group/proj'],
    ['http://gitlab.example.com/group/proj.git', 'group/proj'],
    ['https://user:token@gitlab.example.com/group/proj.git', 'group/proj'],
    ['https://GitLab.Example.com/group/proj.git', 'group/proj'],
    ['https://gitlab.example.com/group/my%20proj.git', 'group/my proj'],
    ['  https://gitlab.example.com/group/proj.git\n', 'group/proj'],
    ['ssh://git@gitlab.example.com/group/proj.git', 'group/proj'],
    ['ssh://git@gitlab.example.com:2222/group/sub/proj.git', 'group/sub/proj'],
    ['ssh://git@GITLAB.example.com:2222/group/proj.git', 'group/proj'],
    ['git+ssh://git@gitlab.example.com/group/proj.git', 'group/proj'],
    ['git@gitlab.example.com:group/sub/proj.git', 'group/sub/proj'],
    ['git@gitlab.example.com:/group/proj.git', 'group/proj'],
    ['gitlab.example.com:group/proj', 'group/proj'],
    ['git@GitLab.example.com:group/proj.git', 'group/proj'],
    // not this instance
    ['https://gitlab.com/group/proj.git', undefined],
    ['https://gitlab.example.com.evil.test/group/proj.git', undefined],
    ['https://gitlab.example.com:8443/group/proj.git', undefined],
    ['git@github.com:group/proj.git', undefined],
    ['ssh://git@other.example.com/group/proj.git', undefined],
    // not a project
    ['https://gitlab.example.com/proj.git', undefined],
    ['https://gitlab.example.com/', undefined],
    ['git@gitlab.example.com:proj.git', undefined],
    ['git://gitlab.example.com/group/proj.git', undefined],
    ['file:///srv/git/group/proj.git', undefined],
    ['/srv/git/group/proj.git', undefined],
    ['C:\\repos\\group\\proj', undefined],
    ['../other/repo', undefined],
    ['', undefined],
  ];
  for (const [remote, expected] of onGitLabExample) {
    it(`${JSON.stringify(remote)} → ${expected ?? 'nothing'}`, () => {
      assert.equal(projectPathFromRemote(remote, 'https://gitlab.example.com'), expected);
    });
  }

  describe('an instance served under a sub-path', () => {
    const instance = 'https://example.com/gitlab/';
    const table: [string, string | undefined][] = [
      ['https://example.com/gitlab/group/proj.git', 'group/proj'],
      ['https://example.com/gitlab/group/sub/proj', 'group/sub/proj'],
      ['https://example.com/group/proj.git', undefined],
      ['https://example.com/gitlabx/group/proj.git', undefined],
      ['https://example.com/gitlab/proj.git', undefined],
      ['git@example.com:group/proj.git', 'group/proj'],
      ['ssh://git@example.com:2222/group/proj.git', 'group/proj'],
    ];
    for (const [remote, expected] of table) {
      it(`${remote} → ${expected ?? 'nothing'}`, () => assert.equal(projectPathFromRemote(remote, instance), expected));
    }
  });

  it('compares the web port for http remotes', () => {
    assert.equal(projectPathFromRemote('https://h.example:8443/g/p.git', 'https://h.example:8443'), 'g/p');
    assert.equal(projectPathFromRemote('https://h.example/g/p.git', 'https://h.example:8443'), undefined);
    assert.equal(projectPathFromRemote('https://h.example:443/g/p.git', 'https://h.example'), 'g/p');
  });

  it('returns nothing when the instance URL is not an http(s) URL', () => {
    assert.equal(projectPathFromRemote('https://gitlab.example.com/g/p.git', 'gitlab.example.com'), undefined);
    assert.equal(projectPathFromRemote('https://gitlab.example.com/g/p.git', 'ftp://gitlab.example.com'), undefined);
  });
});
