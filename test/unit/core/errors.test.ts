import * as assert from 'node:assert/strict';
import {
  CA_FILE_SETTING,
  CancelledError,
  flattenGitLabMessage,
  ForbiddenError,
  InvalidInputError,
  isGitLabError,
  NetworkError,
  NotFoundError,
  NotSupportedError,
  RateLimitedError,
  redactSecrets,
  RejectedByGitLabError,
  TimeoutError,
  TlsError,
  tlsProblemFrom,
  tlsProblemFromCode,
  UnauthorizedError,
  UserFriendlyError,
  type GitLabError,
} from '../../../src/core/errors';

const TOKEN = 'glpat-AbCdEf1234567890xyZ_';

describe('errors', () => {
  const all: GitLabError[] = [
    new UnauthorizedError('401'),
    new ForbiddenError('403'),
    new NotFoundError('the project "g/p"', '404'),
    new RejectedByGitLabError(400, { message: 'This deployment is not waiting for approvals.' }, '400'),
    new RateLimitedError(undefined, '429'),
    new NetworkError('gitlab.example.com', 'ECONNREFUSED'),
    new TlsError('gitlab.example.com', 'expired', 'CERT_HAS_EXPIRED'),
    new TimeoutError(30, 'timeout'),
    new CancelledError(),
    new NotSupportedError('This GitLab instance is the Community Edition.'),
    new InvalidInputError('comment', 'The comment is too long.'),
  ];

  it('has one kind per class, usable in a switch', () => {
    const kindOf = (error: GitLabError): string => {
      switch (error.kind) {
        case 'rejected':
          return `rejected:${error.gitlabMessage}`;
        case 'invalid-input':
          return `invalid:${error.field}`;
        default:
          return error.kind;
      }
    };
    assert.deepEqual(all.map(kindOf), [
      'unauthorized',
      'forbidden',
      'not-found',
      'rejected:This deployment is not waiting for approvals.',
      'rate-limited',
      'network',
      'tls',
      'timeout',
      'cancelled',
      'not-supported',
      'invalid:comment',
    ]);
  });

  it('are Errors and UserFriendlyErrors with a one-sentence user message', () => {
    for (const error of all) {
      assert.ok(error instanceof Error && error instanceof UserFriendlyError && isGitLabError(error));
      assert.equal(error.message, error.userMessage);
      assert.match(error.userMessage, /^[A-Z].*\.$/);
      assert.equal(error.name, error.constructor.name);
    }
    assert.equal(isGitLabError(new Error('plain')), false);
  });

  it('never carry a token in the detail or the message', () => {
    const unauthorized = new UnauthorizedError(`GET /user with PRIVATE-TOKEN: ${TOKEN} → 401`);
    const rejected = new RejectedByGitLabError(
      400,
      { message: `token ${TOKEN} is bad` },
      `Authorization: Bearer ${TOKEN}`,
    );
    for (const text of [
      unauthorized.detail,
      unauthorized.userMessage,
      rejected.detail,
      rejected.userMessage,
      rejected.gitlabMessage,
    ]) {
      assert.ok(!text.includes(TOKEN), text);
    }
  });

  it('keeps the cause for the log', () => {
    const cause = new Error('socket hang up');
    assert.equal(new NetworkError('h', 'd', { cause }).cause, cause);
  });

  it('says when to retry after rate limiting', () => {
    const now = Date.parse('2026-02-10T10:00:00Z');
    const at = new Date('2026-02-10T10:00:30Z');
    const error = new RateLimitedError(30_000, '429', { now });
    assert.deepEqual(error.retryAt, at);
    assert.equal(error.retryAfterMs, 30_000);
    assert.equal(
      error.userMessage,
      'GitLab is rate limiting requests (429); the extension waits 30 s before trying again.',
    );
    assert.equal(
      new RateLimitedError(3_600_000, '429').userMessage,
      'GitLab is rate limiting requests (429); the extension waits 1 h before trying again.',
    );
    assert.equal(
      new RateLimitedError(undefined, '429').userMessage,
      'GitLab is rate limiting requests (429); the extension will try again later.',
    );
  });

  it('names a server failure by what failed, not as a refusal, and ends every message with a period', () => {
    const table: [number, unknown, string][] = [
      [500, { message: '500 Internal Server Error' }, 'GitLab had an internal error (500).'],
      [500, '500 Internal Server Error', 'GitLab had an internal error (500).'],
      [503, {}, 'GitLab is unavailable (503); it may be down for maintenance or overloaded.'],
      [502, {}, 'The proxy in front of GitLab could not get an answer from it (502 Bad Gateway).'],
      [504, {}, 'The proxy in front of GitLab gave up waiting for it (504 Gateway Timeout).'],
      [507, {}, 'GitLab failed to answer (507).'],
      [
        400,
        { message: '400 Bad request - status is missing' },
        'GitLab refused the request: 400 Bad request - status is missing.',
      ],
      [409, { message: 'Already approved!' }, 'GitLab refused the request: Already approved!'],
      [422, {}, 'GitLab refused the request: HTTP 422.'],
    ];
    for (const [status, body, message] of table) {
      assert.equal(new RejectedByGitLabError(status, body, '').userMessage, message, `${status}`);
    }
  });

  it('says an https:// URL met a server without TLS, and does not suggest a CA file for it', () => {
    const error = new TlsError('h.example', 'not-tls', '');
    assert.match(error.userMessage, /h\.example did not answer with TLS.*http:\/\//);
    assert.ok(!error.userMessage.includes(CA_FILE_SETTING));
    assert.equal(tlsProblemFrom('EPROTO', 'write EPROTO …:ssl3_get_record:wrong version number:…'), 'not-tls');
    assert.equal(tlsProblemFrom('ERR_SSL_WRONG_VERSION_NUMBER', ''), 'not-tls');
    assert.equal(tlsProblemFrom('ECONNRESET', 'socket hang up'), undefined);
    assert.equal(tlsProblemFrom('CERT_HAS_EXPIRED', ''), 'expired');
  });

  it('points certificate-authority problems at the CA-file setting, and hostname mismatches at the URL', () => {
    for (const problem of ['self-signed', 'untrusted-issuer'] as const) {
      assert.ok(new TlsError('h.example', problem, '').userMessage.includes(CA_FILE_SETTING));
    }
    const mismatch = new TlsError('h.example', 'hostname-mismatch', '');
    assert.ok(!mismatch.userMessage.includes(CA_FILE_SETTING));
    assert.match(mismatch.userMessage, /different host name.*instance URL/);
    assert.match(new TlsError('h.example', 'expired', '').userMessage, /expired.*renew/);
  });
});

describe('flattenGitLabMessage', () => {
  const table: [unknown, string][] = [
    [{ message: 'This environment is not protected.' }, 'This environment is not protected.'],
    [
      { message: ['Comment is too long (maximum is 255 characters)'] },
      'Comment is too long (maximum is 255 characters)',
    ],
    [{ message: ['A', 'B'] }, 'A; B'],
    [
      { message: { name: ['has already been taken'], base: ['is invalid'] } },
      'name has already been taken; base is invalid',
    ],
    [{ error: 'status does not have a valid value' }, 'status does not have a valid value'],
    ['plain text', 'plain text'],
    [null, ''],
    [{}, ''],
  ];
  for (const [body, expected] of table) {
    it(`flattens ${JSON.stringify(body)}`, () => assert.equal(flattenGitLabMessage(body), expected));
  }

  it('falls back to the HTTP status in the user message', () => {
    assert.equal(new RejectedByGitLabError(422, {}, '').userMessage, 'GitLab refused the request: HTTP 422.');
  });
});

describe('redactSecrets', () => {
  const table: [string, string][] = [
    [`PRIVATE-TOKEN: ${TOKEN}`, 'PRIVATE-TOKEN: [REDACTED]'],
    ['private-token: s3cr3tvalue', 'private-token: [REDACTED]'],
    ['{"PRIVATE-TOKEN":"abcdef123456"}', '{"PRIVATE-TOKEN":"[REDACTED]"}'],
    ['Authorization: Bearer eyJhbGciOi.payload.sig', 'Authorization: Bearer [REDACTED]'],
    ["{ authorization: 'Basic dXNlcjpwYXNz' }", "{ authorization: 'Basic [REDACTED]' }"],
    [`failed with token ${TOKEN} at 10:00`, 'failed with token [REDACTED] at 10:00'],
    ['GET https://h/api/v4/user?private_token=abc123&x=1', 'GET https://h/api/v4/user?private_token=[REDACTED]&x=1'],
    [
      'clone https://oauth2:hunter2secret@gitlab.example.com/g/p.git',
      'clone https://oauth2:[REDACTED]@gitlab.example.com/g/p.git',
    ],
    ['gldt-abcdefghij1234 and glrt-abcdefghij1234', '[REDACTED] and [REDACTED]'],
    ['nothing secret here: 401 Unauthorized', 'nothing secret here: 401 Unauthorized'],
  ];
  for (const [input, expected] of table) {
    it(`redacts ${JSON.stringify(input)}`, () => assert.equal(redactSecrets(input), expected));
  }

  it('removes exact secrets the caller knows', () => {
    assert.equal(
      redactSecrets('value=custom-secret-123 and again custom-secret-123', ['custom-secret-123']),
      'value=[REDACTED] and again [REDACTED]',
    );
  });
});

describe('tlsProblemFromCode', () => {
  const table: [string | undefined, string | undefined][] = [
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'untrusted-issuer'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'untrusted-issuer'],
    ['CERT_HAS_EXPIRED', 'expired'],
    ['CERT_NOT_YET_VALID', 'not-yet-valid'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'hostname-mismatch'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'other'],
    ['ECONNREFUSED', undefined],
    [undefined, undefined],
  ];
  for (const [code, expected] of table) {
    it(`maps ${code}`, () => assert.equal(tlsProblemFromCode(code), expected));
  }
});
