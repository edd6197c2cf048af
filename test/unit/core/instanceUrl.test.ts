import * as assert from 'node:assert/strict';
import { instanceLabel, isClearText, normalizeInstanceUrl, parseInstanceUrl } from '../../../src/core/instanceUrl';

describe('instance URLs', () => {
  const normalized: [string, string][] = [
    ['https://gitlab.example.com', 'https://gitlab.example.com'],
    ['https://gitlab.example.com/', 'https://gitlab.example.com'],
    ['https://gitlab.example.com///', 'https://gitlab.example.com'],
    ['  https://GitLab.Example.com:443/  ', 'https://gitlab.example.com'],
    ['https://gitlab.example.com/api/v4', 'https://gitlab.example.com'],
    ['https://gitlab.example.com/api/v4/', 'https://gitlab.example.com'],
    ['https://gitlab.example.com/API/V4', 'https://gitlab.example.com'],
    ['https://gitlab.example.com/api/v4/projects/12', 'https://gitlab.example.com'],
    ['https://example.com/gitlab/', 'https://example.com/gitlab'],
    ['https://example.com/gitlab/api/v4/', 'https://example.com/gitlab'],
    ['http://127.0.0.1:8929/api/v4', 'http://127.0.0.1:8929'],
    ['gitlab.example.com', 'https://gitlab.example.com'],
    ['gitlab.example.com:8443/gitlab/', 'https://gitlab.example.com:8443/gitlab'],
  ];
  for (const [raw, url] of normalized) {
    it(`reads ${JSON.stringify(raw)} as ${url}`, () => {
      assert.equal(normalizeInstanceUrl(raw), url);
      assert.deepEqual(parseInstanceUrl(raw), { url });
    });
  }

  it('is idempotent', () => {
    for (const [, url] of normalized) assert.equal(normalizeInstanceUrl(url), url);
  });

  const refused: [string, RegExp][] = [
    ['', /Enter the address/],
    ['   ', /Enter the address/],
    ['ftp://gitlab.example.com', /http:\/\/ or https:\/\//],
    ['javascript:alert(1)', /http:\/\/ or https:\/\//],
    ['https://user:secret@gitlab.example.com', /user name or password/],
    ['https://gitlab.example.com/?private_token=x', /query/],
    ['https://gitlab.example.com/#top', /fragment|#/],
    ['https://', /not a valid URL/],
    ['https://exa mple.com', /not a valid URL/],
  ];
  for (const [raw, problem] of refused) {
    it(`refuses ${JSON.stringify(raw)} with a reason`, () => {
      const result = parseInstanceUrl(raw);
      assert.ok('problem' in result, `expected a problem for ${raw}`);
      assert.match(result.problem, problem);
      assert.equal(normalizeInstanceUrl(raw), undefined);
    });
  }

  it('never repeats a password it refuses', () => {
    const result = parseInstanceUrl('https://user:hunter2secret@gitlab.example.com');
    assert.ok('problem' in result && !result.problem.includes('hunter2secret'));
  });

  it('says which URLs send the token in clear text', () => {
    assert.equal(isClearText('http://gitlab.example.com'), true);
    assert.equal(isClearText('https://gitlab.example.com'), false);
  });

  it('labels an instance by host and sub-path', () => {
    assert.equal(instanceLabel('https://gitlab.example.com'), 'gitlab.example.com');
    assert.equal(instanceLabel('https://example.com/gitlab'), 'example.com/gitlab');
    assert.equal(instanceLabel('http://127.0.0.1:8929'), '127.0.0.1:8929');
  });
});
