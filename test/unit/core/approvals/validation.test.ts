import * as assert from 'node:assert/strict';
import {
  commentLength,
  validateApprovalComment,
  validateRequiredApprovals,
} from '../../../../src/core/approvals/validation';

describe('validateApprovalComment', () => {
  it('accepts up to 255 characters and refuses 256', () => {
    assert.equal(validateApprovalComment('a'.repeat(255)), undefined);
    const error = validateApprovalComment('a'.repeat(256));
    assert.equal(error?.kind, 'invalid-input');
    assert.equal(error?.field, 'comment');
    assert.match(error?.userMessage ?? '', /256 characters.*at most 255/);
  });

  it('counts an emoji as one character, as Rails does, not as two UTF-16 units', () => {
    const emoji = '🚀';
    assert.equal(emoji.length, 2);
    assert.equal(commentLength(emoji.repeat(255)), 255);
    assert.equal(validateApprovalComment(emoji.repeat(255)), undefined);
    assert.equal(validateApprovalComment(emoji.repeat(256))?.kind, 'invalid-input');
  });

  it('counts a combined emoji as its code points', () => {
    assert.equal(commentLength('👩‍💻'), 3);
  });

  it('accepts an empty comment', () => {
    assert.equal(validateApprovalComment(''), undefined);
  });
});

describe('validateRequiredApprovals', () => {
  for (const valid of [1, 3, 5]) {
    it(`accepts ${valid}`, () => assert.equal(validateRequiredApprovals(valid), undefined));
  }
  for (const invalid of [0, 6, -1, 2.5, Number.NaN]) {
    it(`refuses ${invalid}`, () => {
      const error = validateRequiredApprovals(invalid);
      assert.equal(error?.kind, 'invalid-input');
      assert.equal(error?.field, 'requiredApprovals');
    });
  }
});
