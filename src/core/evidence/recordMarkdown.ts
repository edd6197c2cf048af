// The approval record as Markdown: a document a person reads and keeps. Every GitLab value goes through `markdownText`
// (the one escaping home): no GitLab text can open a link, HTML, emphasis or a new table row, and invisible or bidi
// characters are shown as `⟨U+202E⟩`. Numbers through `numberText`, times through `utcText`; links only to the instance.
import { markdownText as md, numberText as num } from '../presentation/untrustedText';
import { utcText } from '../presentation/ageing';
import type { ApprovalRecord, DeploymentRecord, Person } from './approvalRecord';

export function approvalRecordMarkdown(record: ApprovalRecord): string {
  const lines = [
    `# Approval record: ${md(record.subject.title)}`,
    '',
    `Exported ${utcText(record.exportedAt)}${record.exportedBy ? ` by ${person(record.exportedBy)}` : ''} from ${md(record.instanceUrl)}.`,
    '',
    // The notes are the extension's own words (readRecord.ts), not GitLab's.
    ...record.notes.map((note) => `> ${note}`),
    ...record.deployments.flatMap(deploymentSection),
  ];
  return `${lines.join('\n')}\n`;
}

function deploymentSection(r: DeploymentRecord): string[] {
  const d = r.deployment;
  return [
    '',
    `## ${md(r.project.path)} · ${md(r.environment.name)} · #${num(d.iid)}`,
    '',
    '| | |',
    '|---|---|',
    row('Project', `${md(r.project.path)} (ID ${num(r.project.id)})`),
    row('Environment', `${md(r.environment.name)}${r.environment.tier ? ` (${md(r.environment.tier)} tier)` : ''}`),
    row('Deployment', `#${num(d.iid)} (ID ${num(d.id)}), status ${md(d.status)}`),
    row('Ref', md(d.ref)),
    row('Commit', md(d.sha)),
    row(
      'Pipeline',
      r.pipeline
        ? `${r.pipeline.iid !== undefined ? `#${num(r.pipeline.iid)} ` : ''}(ID ${num(r.pipeline.id)}), status ${md(r.pipeline.status)}${link(r.pipeline.webUrl)}`
        : 'none',
    ),
    row(
      'Job',
      r.job
        ? `${md(r.job.name)} (ID ${num(r.job.id)}${r.job.stage ? `, stage ${md(r.job.stage)}` : ''}), status ${md(r.job.status)}${link(r.job.webUrl)}`
        : 'none',
    ),
    row('Triggered by', d.triggeredBy ? person(d.triggeredBy) : 'unknown'),
    row('Created', utcText(d.createdAt)),
    row('Last updated', utcText(d.updatedAt)),
    ...rulesSection(r),
    ...decisionsSection(r),
    ...briefSection(r),
    ...findingsSection(r),
    ...jobSection(r),
    ...auditSection(r),
  ];
}

function rulesSection({ approvals: a }: DeploymentRecord): string[] {
  const summary = `${num(a.given)} of ${num(a.required)} required approvals given, ${num(a.pending)} pending${a.rejected ? '; rejected' : ''}.`;
  if (a.rules.length === 0) return ['', '### Approval rules', '', `No approval rules. ${summary}`];
  return [
    '',
    '### Approval rules',
    '',
    summary,
    '',
    '| Rule | Required | Given | Status | Approved by | Rejected by |',
    '|---|---|---|---|---|---|',
    ...a.rules.map((rule) =>
      cells(
        md(rule.name),
        num(rule.required),
        num(rule.given),
        md(rule.status),
        people(rule.approvedBy),
        people(rule.rejectedBy),
      ),
    ),
  ];
}

function decisionsSection({ approvals: a }: DeploymentRecord): string[] {
  if (a.decisions.length === 0) return ['', '### Approvals and rejections', '', 'No one has approved or rejected it.'];
  return [
    '',
    '### Approvals and rejections',
    '',
    '| When | Who | Decision | Rules | Comment |',
    '|---|---|---|---|---|',
    ...a.decisions.map((d) =>
      cells(
        utcText(d.at),
        person(d.user),
        md(d.decision),
        d.rules.map(md).join(', ') || '—',
        d.comment === null ? '—' : md(d.comment),
      ),
    ),
  ];
}

function briefSection({ brief: b }: DeploymentRecord): string[] {
  if (!b.read) return ['', '### What it ships', '', `Not known: ${md(b.reason)}`];
  const live = b.live
    ? `#${num(b.live.iid)}, ${md(b.live.ref)} ${md(b.live.sha)}, created ${utcText(b.live.at)}${b.live.triggeredBy ? ` by @${md(b.live.triggeredBy)}` : ''}`
    : 'nothing (no successful deployment yet), or not known';
  return [
    '',
    '### What it ships',
    '',
    `- Live on the environment: ${live}`,
    `- This deployment against what is live: ${md(b.relation)}`,
    ...b.problems.map((p) => `- Not read: ${md(p)}`),
    '',
    `#### Commits (${num(b.commits.length)} of ${num(b.commitsTotal)})`,
    '',
    ...(b.commits.length === 0
      ? ['None listed.']
      : [
          '| Commit | Title | Author | Authored |',
          '|---|---|---|---|',
          ...b.commits.map((c) => cells(md(c.sha), md(c.title), md(c.author), utcText(c.at))),
        ]),
    '',
    `#### Merge requests (${num(b.mergeRequests.length)}${b.mergeRequestsComplete ? '' : ', of the newest commits only'})`,
    '',
    ...(b.mergeRequests.length === 0
      ? ['None listed.']
      : [
          '| Merge request | Title | Author | Merged by |',
          '|---|---|---|---|',
          ...b.mergeRequests.map((mr) =>
            cells(
              `!${num(mr.iid)}`,
              md(mr.title),
              mr.author ? `@${md(mr.author)}` : '—',
              mr.mergedBy ? `@${md(mr.mergedBy)}` : '—',
            ),
          ),
        ]),
    '',
    `#### Files changed (${num(b.files.length)} of ${num(b.filesTotal)}${b.filesTruncated ? ', GitLab stopped listing at its limit' : ''})`,
    '',
    ...(b.files.length === 0
      ? ['None listed.']
      : ['| File | Change |', '|---|---|', ...b.files.map((f) => cells(md(f.path), md(f.change)))]),
  ];
}

function findingsSection({ warnings, fourEyes }: DeploymentRecord): string[] {
  const findings = fourEyes.deciders.flatMap((d) => {
    const said: string[] = [];
    if (d.authored) said.push(`authored ${num(d.authored)} of the commits`);
    if (d.merged.length > 0) said.push(`merged ${d.merged.map((iid) => `!${num(iid)}`).join(', ')}`);
    if (d.underTheirName > 0)
      said.push(
        d.underTheirName === 1
          ? '1 commit is under their name (it may be theirs)'
          : `${num(d.underTheirName)} commits are under their name (they may be theirs)`,
      );
    return said.length > 0 ? [`- ${person(d.user)}: ${said.join('; ')}.`] : [];
  });
  return [
    '',
    '### Warnings and four-eyes findings',
    '',
    ...(warnings.length > 0 ? warnings.map((w) => `- Warning: ${md(w)}`) : ['- No warnings.']),
    ...(!fourEyes.known
      ? ['- Four eyes: not known, what the deployment ships could not be read.']
      : findings.length > 0
        ? findings
        : [
            '- Four eyes: no one who approved or rejected it authored or merged what it ships, as far as GitLab shows.',
          ]),
    '',
    fourEyes.source, // the extension's own sentence (core/brief/fourEyes.ts)
  ];
}

function jobSection({ jobOutcome: j }: DeploymentRecord): string[] {
  const ran = j.ran === 'unknown' ? 'not known' : j.ran ? 'yes' : 'no';
  return [
    '',
    '### The deployment job',
    '',
    `- Ran: ${ran}`,
    ...(j.status !== undefined
      ? [`- Status: ${md(j.status)}${j.failureReason ? ` (${md(j.failureReason)})` : ''}`]
      : []),
    ...(j.startedAt ? [`- Started: ${utcText(j.startedAt)}`] : []),
    ...(j.finishedAt ? [`- Finished: ${utcText(j.finishedAt)}`] : []),
    ...(j.startedHereAt ? [`- Started from this editor by the person exporting at ${utcText(j.startedHereAt)}`] : []),
  ];
}

function auditSection({ auditEvents: a }: DeploymentRecord): string[] {
  if (!a.included) return ['', '### Audit events', '', `Audit events not included: ${md(a.reason)}`];
  const caveats = [
    ...(a.onlyYours ? ['Only your own events: GitLab lists everyone’s to Maintainers and above.'] : []),
    ...(a.cut ? ['GitLab had more events than were read: some may be missing.'] : []),
  ];
  return [
    '',
    '### Audit events',
    '',
    ...(caveats.length > 0 ? [...caveats, ''] : []),
    ...(a.events.length === 0
      ? ['GitLab lists no audit event of this deployment or its environment’s protection.']
      : [
          '| When | Event | By | Message | Comment |',
          '|---|---|---|---|---|',
          ...a.events.map((e) =>
            cells(utcText(e.at), md(e.eventName), md(e.authorName), md(e.message), e.comment ? md(e.comment) : '—'),
          ),
        ]),
  ];
}

function row(label: string, value: string): string {
  return cells(label, value);
}

function cells(...values: string[]): string {
  return `| ${values.join(' | ')} |`;
}

function person(p: Person): string {
  return `${md(p.name)} (@${md(p.username)})`;
}

function people(list: Person[]): string {
  return list.length > 0 ? list.map(person).join(', ') : '—';
}

/**
 * A link to a page checked to be on the instance (approvalRecord.ts), as an autolink. `URL.href` leaves `|` (which
 * would end a table cell) and a few others as typed: they are percent-encoded too.
 */
function link(url: string | undefined): string {
  if (!url) return '';
  const safe = url.replace(
    /[|<>\s`\\[\]()]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `, <${safe}>`;
}
