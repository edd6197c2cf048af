import * as assert from 'node:assert/strict';
import { linkOnInstance, logText, markdownText, messageText, pickText } from '../../../src/core/presentation';
import { liveLinks } from '../../support/linkedText';

const HOSTILE = [
  'deploy [Open the job log](command:workbench.action.quickOpen?%5B%22%3E%22%5D)',
  '[x](https://evil.example/phish)',
  '[x](file:///etc/passwd)',
  '[x](command:workbench.action.terminal.sendSequence "title")',
  'x]][y](command:a)',
  'a]\n[b](command:c)',
  '[CoMmAnD](CoMmAnD:x)',
];

describe('text from GitLab shown to a person', () => {
  it('keeps the grammar honest: the unescaped probes are live links', () => {
    for (const probe of HOSTILE) assert.ok(liveLinks(probe).length > 0, probe);
  });

  it('messageText leaves no link that VS Code would render in a notification', () => {
    for (const probe of HOSTILE) {
      const shown = messageText(probe);
      assert.deepEqual(liveLinks(shown), [], shown);
      assert.ok(!/[[\]]/.test(shown), `no ASCII bracket survives in ${shown}`);
    }
    assert.equal(messageText('deploy [Open](command:x)'), 'deploy ［Open］(command:x)');
  });

  it('messageText flattens control characters and newlines, and cuts runaway values', () => {
    assert.equal(messageText('a\nb\r\nc\u0000d\u2028e'), 'a b c d e');
    assert.ok(messageText('x'.repeat(10_000)).length <= 500);
  });

  it('pickText escapes icon syntax so a quick pick shows it as typed', () => {
    assert.equal(pickText('$(alert) urgent'), '\\$(alert) urgent');
    assert.deepEqual(liveLinks(pickText(HOSTILE[0])), []);
  });

  it('markdownText escapes links, HTML, icons, autolinks and emphasis', () => {
    const shown = markdownText(
      '[x](command:y) <img src=x onerror=1> $(zap) **b** https://evil.example www.evil.example &amp;',
    );
    assert.ok(!/(^|[^\\])[[\]()<>$*&]/.test(shown), shown);
    assert.ok(!/https:\/\//.test(shown) && !/www\.e/.test(shown), shown);
  });

  it('logText keeps one entry on one line', () => {
    assert.equal(logText('a\nERROR forged line'), 'a ERROR forged line');
  });

  it('linkOnInstance keeps only http(s) URLs on the instance and inside its path', () => {
    const instance = 'https://example.com/gitlab';
    assert.equal(linkOnInstance('https://example.com/gitlab/g/p', instance), 'https://example.com/gitlab/g/p');
    for (const bad of [
      'command:workbench.action.quickOpen',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://evil.example/gitlab/g/p',
      'https://example.com/other/g/p',
      'https://example.com/gitlabx/p',
      'https://user:pw@example.com/gitlab/p',
      'http://example.com/gitlab/p',
      'not a url',
      '',
      undefined,
      null,
    ]) {
      assert.equal(linkOnInstance(bad, instance), undefined, String(bad));
    }
  });
});
