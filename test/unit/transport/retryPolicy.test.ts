import * as assert from 'node:assert/strict';
import {
  DEFAULT_RETRY,
  isRetryable,
  parseRetryAfter,
  retryDelayMs,
} from '../../../src/core/gitlab/transport/retryPolicy';

describe('retry policy', () => {
  it('retries reads on 429, 502, 503 and 504 only', () => {
    for (const status of [429, 502, 503, 504]) assert.ok(isRetryable('GET', status), `GET ${status}`);
    for (const status of [400, 401, 403, 404, 409, 422, 500]) assert.ok(!isRetryable('GET', status), `GET ${status}`);
  });

  it('never retries a write, whatever the status', () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      for (const status of [429, 502, 503, 504]) assert.ok(!isRetryable(method, status), `${method} ${status}`);
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    assert.equal(parseRetryAfter('7', now), 7000);
    assert.equal(parseRetryAfter('Tue, 24 Nov 2026 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Tue, 24 Nov 2026 09:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
  });

  it('waits what the server asked for, capped at the maximum', () => {
    assert.equal(retryDelayMs(1, 5000, DEFAULT_RETRY), 5000);
    assert.equal(retryDelayMs(1, 3_600_000, DEFAULT_RETRY), DEFAULT_RETRY.maxDelayMs);
  });

  it('backs off exponentially with jitter, capped, when the server names no time', () => {
    const options = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(
      retryDelayMs(1, undefined, options, () => 0),
      50,
    );
    assert.equal(
      retryDelayMs(1, undefined, options, () => 1),
      100,
    );
    assert.equal(
      retryDelayMs(3, undefined, options, () => 1),
      400,
    );
    assert.equal(
      retryDelayMs(9, undefined, options, () => 1),
      1000,
    );
    assert.equal(
      retryDelayMs(9, undefined, options, () => 0),
      500,
    );
  });
});
