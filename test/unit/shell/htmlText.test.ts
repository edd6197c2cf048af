import * as assert from 'node:assert/strict';
import { htmlText } from '../../../src/core/presentation';

// The deployment page puts GitLab text into HTML: text nodes and attribute values alike.
describe('htmlText (the deployment page)', () => {
  it('turns every character that opens markup, an entity or an attribute into an entity', () => {
    assert.equal(
      htmlText(`<img src=x onerror="alert(1)">&amp;'`),
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;amp;&#39;',
    );
    assert.equal(
      htmlText('</script><script>alert(1)</script>'),
      '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;',
    );
  });

  it('flattens control characters and cuts runaway values, like every other escaper', () => {
    assert.equal(htmlText('a\nb\u2028c'), 'a b c');
    assert.ok(htmlText('x'.repeat(10_000)).length <= 500);
  });

  it('leaves ordinary text as it is', () => {
    assert.equal(
      htmlText('Merge branch “healthz” into main — 3 commits'),
      'Merge branch “healthz” into main — 3 commits',
    );
  });
});
