// The approval record's contents (issue 22, "Evidence"), held to golden files: the Markdown a person keeps and the JSON
// a tool reads. Run with UPDATE_GOLDEN=1 to rewrite them after a deliberate change, and read the diff.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ForbiddenError, NotFoundError } from '../../../src/core/errors';
import {
  approvalRecordJson,
  approvalRecordMarkdown,
  defaultRecordFileName,
  deploymentRecord,
  readAuditEvents,
  recordFileNames,
  RECORD_FORMAT,
  RECORD_NOTES,
  RECORD_VERSION,
  type ApprovalRecord,
  type DeploymentRecordInput,
} from '../../../src/core/evidence';
import { briefOf, decidedDeployment, INSTANCE, recordInput } from './recordFixtures';

const GOLDEN = resolve(__dirname, '../../../../test/unit/evidence/golden');

function recordOf(input: DeploymentRecordInput): ApprovalRecord {
  return {
    format: RECORD_FORMAT,
    version: RECORD_VERSION,
    subject: { kind: 'deployment', title: '#7 of production (acme/platform/billing-service)' },
    instanceUrl: INSTANCE,
    exportedAt: '2026-02-10T09:15:00.000Z',
    exportedBy: { id: 2, username: 'demo', name: 'Demo User' },
    notes: RECORD_NOTES,
    deployments: [deploymentRecord(input)],
  };
}

/** Compares with the golden file (or writes it when UPDATE_GOLDEN is set). */
function matchesGolden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
  assert.ok(existsSync(file), `no golden file ${name}: run with UPDATE_GOLDEN=1 and read it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs from the golden file`);
}

/** The lines of one `### ` section of the Markdown. */
function section(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`### ${heading}`);
  assert.ok(start >= 0, `no section ${heading}`);
  const end = lines.findIndex((line, i) => i > start && /^#{2,3} /.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

describe('approval record', () => {
  it('holds the deployment, its rules, decisions, brief, findings, job and audit events (golden)', () => {
    const record = recordOf(recordInput());
    matchesGolden('decided-deployment.md', approvalRecordMarkdown(record));
    matchesGolden('decided-deployment.json', approvalRecordJson(record));
    const [deployment] = record.deployments;
    assert.deepEqual(
      deployment.approvals.rules.map((r) => [r.name, r.required, r.given]),
      [
        ['Maintainers', 1, 1],
        ['Security', 1, 1],
      ],
    );
    assert.deepEqual(deployment.jobOutcome, {
      ran: true,
      status: 'success',
      startedAt: '2026-02-10T09:00:00.000Z',
      finishedAt: '2026-02-10T09:05:00.000Z',
      startedHereAt: '2026-02-10T08:59:30.000Z',
    });
    // demo approved and authored a commit of it (their own address); alice approved and merged !87.
    assert.deepEqual(
      deployment.fourEyes.deciders.map((d) => [d.user.username, d.authored, d.underTheirName, d.merged]),
      [
        ['alice', undefined, 1, [87]],
        ['demo', 1, 0, []],
      ],
    );
  });

  it('keeps hostile GitLab text inert in Markdown and exact in JSON (golden)', () => {
    const comment =
      'Fine\n| forged | row |\r\n<img src=x onerror=alert(1)> `code` **bold** [x](command:evil) \u202Eevil\u200Bname';
    const detail = decidedDeployment({ comment, ref: 'ma\u200Bin\u202E' });
    const hostileTitle = '<script>alert(1)</script> | `x` \u2066tricky\u2069';
    const record = recordOf(
      recordInput({ detail, brief: briefOf(detail, { title: hostileTitle, path: 'a|b\n<b>.ts' }) }),
    );
    const markdown = approvalRecordMarkdown(record);
    matchesGolden('hostile-text.md', markdown);
    matchesGolden('hostile-text.json', approvalRecordJson(record));

    assert.doesNotMatch(markdown, /[\u202A-\u202E\u2066-\u2069\u200B-\u200F]/, 'an invisible character survived');
    assert.doesNotMatch(markdown, /(?<!\\)<(img|script|b)\b/, 'HTML survived');
    assert.doesNotMatch(markdown, /(?<!\\)\]\(/, 'a link survived');
    // The comment's newline and pipes did not add a row: two decisions, two rows after the header.
    const rows = section(markdown, 'Approvals and rejections').filter((line) => line.startsWith('|'));
    assert.equal(rows.length, 4, rows.join('\n'));
    for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length - 2, 5, `not 5 cells: ${row}`);
    assert.ok(markdown.includes('| Ref | ma⟨U\\+200B⟩in⟨U\\+202E⟩ |'), 'the ref shows its invisible characters');

    const json = JSON.parse(approvalRecordJson(record)) as ApprovalRecord;
    assert.equal(json.deployments[0].approvals.decisions[0].comment, comment, 'JSON keeps GitLab text as sent');
  });

  it('says why audit events are not included where GitLab refuses them (golden)', async () => {
    const refused = await readAuditEvents(
      { projectAuditEvents: () => Promise.reject(new ForbiddenError('403 on audit_events')) },
      20,
      '2026-02-10T07:20:00.000Z',
      30,
    );
    assert.ok('reason' in refused);
    const record = recordOf(recordInput({ auditEvents: { included: false, reason: refused.reason } }));
    const markdown = approvalRecordMarkdown(record);
    matchesGolden('audit-events-forbidden.md', markdown);
    assert.ok(
      markdown.includes('Audit events not included: GitLab refused to list the project’s audit events \\(403\\)'),
    );

    const missing = await readAuditEvents(
      { projectAuditEvents: () => Promise.reject(new NotFoundError('audit events', '404 Not Found')) },
      20,
      '2026-02-10T07:20:00.000Z',
      40,
    );
    assert.ok('reason' in missing);
    assert.match(missing.reason, /404: this instance has no project audit events/);
  });

  it('offers a file name GitLab text cannot steer, and writes both files under the name chosen', () => {
    assert.equal(
      defaultRecordFileName({ project: 'acme/platform/billing-service', environment: 'production', iid: 7 }),
      'approval-record-billing-service-production-7.md',
    );
    assert.equal(
      defaultRecordFileName({ project: 'acme/../..', environment: '../../etc/passwd\u202E.json', iid: 7 }),
      'approval-record-etc-passwd-json-7.md',
    );
    assert.equal(
      defaultRecordFileName({ project: 'acme/shop', pipelineId: 770 }),
      'approval-record-shop-pipeline-770.md',
    );
    assert.deepEqual(recordFileNames('/tmp/evidence.JSON'), {
      markdown: '/tmp/evidence.md',
      json: '/tmp/evidence.json',
    });
    assert.deepEqual(recordFileNames('/tmp/evidence'), { markdown: '/tmp/evidence.md', json: '/tmp/evidence.json' });
  });

  it('says what is not known when the brief could not be read', () => {
    const record = recordOf(recordInput({ brief: { problem: 'GitLab did not answer in time.' } }));
    const markdown = approvalRecordMarkdown(record);
    assert.ok(markdown.includes('### What it ships\n\nNot known: GitLab did not answer in time\\.'), markdown);
    assert.match(markdown, /Four eyes: not known/);
    assert.deepEqual(record.deployments[0].warnings, []);
  });
});
