import * as assert from 'node:assert/strict';
import { parsePageMessage } from '../../../src/shell/deploymentPage/pageMessages';

// The deployment page's webview is another trust domain: only the messages its buttons send, within bounds, get through.
describe('deployment page messages', () => {
  it('passes the messages the page sends, with their fields trimmed and bounded', () => {
    assert.deepEqual(parsePageMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parsePageMessage({ type: 'approve', comment: '  ok  ', rule: 'Security' }), {
      type: 'approve',
      comment: 'ok',
      rule: 'Security',
    });
    assert.deepEqual(parsePageMessage({ type: 'reject', comment: 'no', rule: 'ignored' }), {
      type: 'reject',
      comment: 'no',
    });
    assert.deepEqual(parsePageMessage({ type: 'approveAndRun' }), { type: 'approveAndRun', comment: '' });
    assert.deepEqual(parsePageMessage({ type: 'rejectSuperseded', ids: [1] }), { type: 'rejectSuperseded' });
    assert.deepEqual(parsePageMessage({ type: 'openLink', url: 'https://gitlab.example/x' }), {
      type: 'openLink',
      url: 'https://gitlab.example/x',
    });
  });

  it('counts the comment as GitLab does (code points): 255 emoji pass, 256 do not', () => {
    assert.ok(parsePageMessage({ type: 'approve', comment: '🚀'.repeat(255) }));
    assert.equal(parsePageMessage({ type: 'approve', comment: '🚀'.repeat(256) }), undefined);
  });

  it('drops anything else', () => {
    for (const message of [
      null,
      'approve',
      [],
      { type: 'executeCommand', command: 'workbench.action.terminal.new' },
      { type: 'approve', comment: 42 },
      { type: 'approve', rule: '' },
      { type: 'approve', rule: { name: 'Security' } },
      { type: 'openLink', url: 'x'.repeat(3000) },
      { type: 'openLink' },
      { type: 'constructor' },
      { type: 'toString' },
    ])
      assert.equal(parsePageMessage(message), undefined, JSON.stringify(message));
  });
});
