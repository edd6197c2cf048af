// The deployment page's HTML, from the tree's data and the brief. Every value from GitLab passes `htmlText` (the one
// escaping home), and every number from GitLab `numberText`; a link is rendered only for an http(s) URL on the instance, and is recorded so the page opens
// nothing else. Words for states and reasons come from the tree's tables, so the page and the tree agree.
import type { DeploymentAction } from '../../core/actions/availableActions';
import { myApprovalRules } from '../../core/actions/approvalRules';
import { decisions } from '../../core/approvals/decisions';
import { MAX_APPROVAL_COMMENT_LENGTH } from '../../core/approvals/validation';
import type { Bounded, BriefCommit, DeploymentBrief, RuleApprovers } from '../../core/brief';
import {
  htmlText as t,
  INELIGIBILITY_TEXT,
  linkOnInstance,
  numberText as n,
  runNote,
  STATE_PRESENTATION,
  timeAgo,
} from '../../core/presentation';
import type { DeploymentNode } from '../tree/nodes';

export type Loadable<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; message: string };

export interface PageState {
  node: DeploymentNode;
  /** Set when the deployment left the inbox (decided, run, or gone): the page says so and offers no decision. */
  gone?: string;
  actions: DeploymentAction[];
  brief: Loadable<DeploymentBrief>;
  approvers: Loadable<RuleApprovers[]>;
  /** An action under way, in words. */
  busy?: string;
  now: number;
}

export interface RenderedPage {
  html: string;
  /** Every URL the page links to: the only ones a click may open. */
  links: Set<string>;
}

export function renderPage(state: PageState): RenderedPage {
  const links = new Set<string>();
  const link = (url: string | null | undefined, label: string): string => {
    const safe = linkOnInstance(url, state.node.instance.instanceUrl);
    if (!safe) return t(label);
    links.add(safe);
    return `<a href="${t(safe)}">${t(label)}</a>`;
  };
  // The warnings first, above Decide: what should make an approver stop is read before the buttons (issue 19).
  const html = [header(state, link), warnings(state), approvals(state), decide(state), shipped(state, link)]
    .filter(Boolean)
    .join('\n');
  return { html, links };
}

export type Link = (url: string | null | undefined, label: string) => string;

function header({ node, now }: PageState, link: Link): string {
  const { deployment } = node;
  const job = deployment.deployable as (typeof deployment.deployable & { commit?: { title?: string } }) | null;
  const tier = node.environment.tier ? ` <span class="muted">(${t(node.environment.tier)})</span>` : '';
  const commitTitle = job?.commit?.title ? ` ${t(job.commit.title)}` : '';
  const triggered = deployment.user
    ? `Triggered by ${t(deployment.user.name)} (@${t(deployment.user.username)}) ${t(timeAgo(deployment.created_at, now))}`
    : `Created ${t(timeAgo(deployment.created_at, now))}`;
  const pipeline = job
    ? `<p>${icon('git-commit')}Pipeline ${link(job.pipeline.web_url, `#${n(job.pipeline.id)}`)} (${t(job.pipeline.status)}) · job ${link(job.web_url, job.name)} (${t(job.status)})</p>`
    : '';
  return `<header>
<h1 id="title">Deployment #${n(deployment.iid)}: ${t(deployment.ref)} → ${t(deployment.environment.name)}${tier}</h1>
<p>${t(node.project.project.path_with_namespace)} · commit <code>${t(deployment.sha.slice(0, 8))}</code>${commitTitle}</p>
<p>${triggered}</p>
${pipeline}
</header>`;
}

function approvals(state: PageState): string {
  const view = state.node.view;
  const { progress, detail, eligibility } = view;
  const kind = view.state ? STATE_PRESENTATION[view.state] : undefined;
  const words = state.gone
    ? state.gone
    : view.awaitingMe
      ? 'Awaiting your approval'
      : kind
        ? capitalise(kind.label)
        : view.error
          ? `Details unavailable: ${view.error.userMessage}`
          : 'Loading…';
  const counts =
    progress && progress.totalRequired > 0
      ? ` — ${n(progress.totalApproved)} of ${n(progress.totalRequired)} approvals, ${n(progress.totalPending)} pending`
      : '';
  const parts = [
    `<section aria-labelledby="approvals-heading"><h2 id="approvals-heading">Approvals</h2>`,
    `<p class="state">${icon(view.awaitingMe ? 'bell-dot' : (kind?.icon ?? 'info'))}${t(words)}${t(counts)}</p>`,
  ];
  if (progress && progress.rules.length > 0) {
    const approvers = state.approvers.status === 'ready' ? state.approvers.value : undefined;
    parts.push(
      '<table><caption class="sr-only">Approval rules</caption><thead><tr><th scope="col">Rule</th><th scope="col">Approvals</th><th scope="col">Status</th><th scope="col">Who can approve</th></tr></thead><tbody>',
    );
    for (const rule of progress.rules) {
      const status = rule.rejected
        ? 'rejected'
        : rule.status === 'approved'
          ? 'approved'
          : `${n(rule.pending)} more needed`;
      const who =
        state.approvers.status === 'loading'
          ? 'Loading…'
          : state.approvers.status === 'failed'
            ? t(state.approvers.message)
            : whoCanApprove(approvers?.find((a) => a.ruleId === rule.rule.id));
      parts.push(
        `<tr><th scope="row">${t(rule.label)}</th><td>${progress.perRuleKnown ? `${n(rule.approved)} of ${n(rule.required)}` : `${n(rule.required)} required`}</td><td>${icon(rule.rejected ? 'error' : rule.status === 'approved' ? 'pass' : 'watch')}${t(status)}</td><td>${who}</td></tr>`,
      );
    }
    parts.push('</tbody></table>');
  }
  const decided = detail ? decisions(detail) : [];
  if (decided.length > 0) {
    parts.push('<ul class="decisions">');
    for (const d of decided) {
      const verb = d.status === 'approved' ? 'approved' : 'rejected';
      const comment = d.comment ? `: “${t(d.comment)}”` : '';
      parts.push(
        `<li>${icon(d.status === 'approved' ? 'check' : 'close')}${t(d.user.name)} ${verb} ${t(timeAgo(d.at, state.now))}${comment}</li>`,
      );
    }
    parts.push('</ul>');
  }
  if (
    !state.gone &&
    view.state === 'waiting-for-approval' &&
    eligibility &&
    !eligibility.canApprove &&
    eligibility.reason
  )
    parts.push(`<p>${icon('info')}${t(INELIGIBILITY_TEXT[eligibility.reason])}</p>`);
  const running = state.gone ? undefined : runNote(view, state.node.project.accessLevel);
  if (running) parts.push(`<p>${icon('info')}${t(running)}</p>`);
  parts.push('</section>');
  return parts.join('\n');
}

function whoCanApprove(approvers: RuleApprovers | undefined): string {
  if (!approvers) return '';
  const names = approvers.people.map((p) => (p.username ? `${t(p.name)} (@${t(p.username)})` : t(p.name)));
  const more = approvers.total !== undefined && approvers.total > names.length ? approvers.total - names.length : 0;
  const list = names.length > 0 ? names.join(', ') + (more > 0 ? ` and ${n(more)} more` : '') : '';
  const note = approvers.note ? `<span class="muted">${list ? ' — ' : ''}${t(approvers.note)}</span>` : '';
  return list + note || '<span class="muted">nobody you can see</span>';
}

function decide(state: PageState): string {
  const { actions, node, busy, gone } = state;
  const can = (action: DeploymentAction) => !gone && !busy && actions.includes(action);
  const deciding = can('approve') || can('reject');
  const parts = [`<section aria-labelledby="decide-heading"><h2 id="decide-heading">Decide</h2>`];
  if (deciding) {
    parts.push(
      `<div class="field"><label for="comment">Comment (optional)</label>`,
      `<textarea id="comment" rows="3" aria-describedby="counter" data-max="${MAX_APPROVAL_COMMENT_LENGTH}"></textarea>`,
      `<p id="counter" class="muted" aria-live="polite">0 of ${MAX_APPROVAL_COMMENT_LENGTH} characters</p></div>`,
    );
  }
  // The rules the approval can count for, labelled apart (origin or position) and marked where GitLab decides.
  const choices = myApprovalRules(node.view).filter((rule) => rule.name !== undefined);
  if (can('approve') && choices.length > 1) {
    parts.push('<fieldset><legend>Your approval counts for</legend>');
    choices.forEach((choice, i) => {
      const rule = choice.progress;
      const progress = rule ? ` (${n(rule.approved)} of ${n(rule.required)})` : '';
      const uncertain = choice.certain ? '' : ' — may include you: GitLab decides';
      parts.push(
        `<div><input type="radio" name="rule" id="rule-${i}" value="${t(choice.name!)}"${i === 0 ? ' checked' : ''}><label for="rule-${i}">${t(choice.label)}${t(progress)}${t(uncertain)}</label></div>`,
      );
    });
    parts.push('</fieldset>');
  }
  const button = (action: string, label: string, codicon: string, primary = false) =>
    `<button type="button" data-action="${action}"${primary ? ' class="primary"' : ''}>${icon(codicon)}${t(label)}</button>`;
  const buttons = [
    can('approve') && button('approve', 'Approve', 'check', true),
    can('approveAndRun') && button('approveAndRun', 'Approve and Run', 'run-all'),
    can('reject') && button('reject', 'Reject…', 'close'),
    can('run') && button('run', 'Run Deployment Job…', 'play', !can('approve')),
    button('openInGitLab', 'Open in GitLab', 'link-external'),
    button('copyLink', 'Copy Link', 'copy'),
    button('refresh', 'Refresh', 'refresh'),
  ].filter(Boolean);
  parts.push(`<div class="buttons" role="group" aria-label="Actions">${buttons.join('')}</div>`);
  parts.push(`<p id="status" role="status" class="muted">${busy ? `${icon('loading', true)}${t(busy)}` : ''}</p>`);
  parts.push('</section>');
  return parts.join('\n');
}

/** The brief's warnings, once it is read; nothing while it loads or when there are none. */
function warnings(state: PageState): string {
  if (state.brief.status !== 'ready' || state.brief.value.warnings.length === 0) return '';
  const parts = ['<ul class="warnings" aria-label="Warnings">'];
  for (const warning of state.brief.value.warnings)
    parts.push(`<li>${icon('warning')}<strong>Warning:</strong> ${t(warning.message)}</li>`);
  parts.push('</ul>');
  return parts.join('\n');
}

function shipped(state: PageState, link: Link): string {
  const parts = [
    `<section aria-labelledby="shipped-heading" aria-busy="${state.brief.status === 'loading'}"><h2 id="shipped-heading">What is being shipped</h2>`,
  ];
  if (state.brief.status === 'loading') {
    parts.push(
      `<p>${icon('loading', true)}Reading what is live on ${t(state.node.environment.name)} and what changed…</p>`,
    );
  } else if (state.brief.status === 'failed') {
    parts.push(`<p>${icon('warning')}${t(state.brief.message)}</p>`);
  } else {
    parts.push(shippedHtml(state.brief.value, state.now, link));
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** What is live and what this deployment ships since; exported for its unit test. */
export function shippedHtml(brief: DeploymentBrief, now: number, link: Link): string {
  const parts: string[] = [];
  const env = t(brief.environmentName);
  const live = brief.live;
  if (!live && !brief.rangeKnown) {
    parts.push(`<p>What is live on ${env} could not be read, so what this deployment ships is not known.</p>`);
  } else if (!live) {
    parts.push(
      `<p>Nothing is live on ${env} yet: this is its first deployment, so there is nothing to compare with.</p>`,
    );
  } else {
    const by = live.user ? ` by ${t(live.user.name)}` : '';
    parts.push(
      `<p>Live on ${env} now: #${n(live.iid)} ${t(live.ref)} <code>${t(live.sha.slice(0, 8))}</code>, deployed${by} ${t(timeAgo(live.at, now))}.</p>`,
    );
  }
  if (live && !brief.rangeKnown) parts.push('<p>The commits since then could not be read.</p>');
  if (!brief.rangeKnown) {
    for (const problem of brief.problems) parts.push(`<p>${icon('warning')}${t(problem)}</p>`);
    return parts.join('\n');
  }
  if (brief.relation === 'same-commit') parts.push('<p>This deployment is the very commit that is live.</p>');
  if (brief.commits.total > 0)
    parts.push(
      commitList('commits', `${plural(brief.commits.total, 'commit')} since live`, brief.commits, brief, now, link),
    );
  if (brief.dropped.total > 0)
    parts.push(
      commitList(
        'dropped',
        `${plural(brief.dropped.total, 'commit')} live has that this deployment does not`,
        brief.dropped,
        brief,
        now,
        link,
      ),
    );
  if (brief.relation === 'forward' || brief.relation === 'diverged') {
    parts.push(
      `<h3 id="mrs">Merge requests (${n(brief.mergeRequests.length)}${brief.mergeRequestsComplete ? '' : '+'})</h3>`,
    );
    if (brief.mergeRequests.length > 0) {
      parts.push('<ul aria-labelledby="mrs">');
      for (const mr of brief.mergeRequests)
        parts.push(
          `<li>${link(mr.webUrl, `!${n(mr.iid)} ${mr.title}`)}${mr.author ? ` <span class="muted">by ${t(mr.author.name)}</span>` : ''}</li>`,
        );
      parts.push('</ul>');
    } else parts.push('<p class="muted">None of these commits came from a merge request.</p>');
    if (!brief.mergeRequestsComplete)
      parts.push('<p class="muted">Merge requests were looked up for the newest commits only; there may be more.</p>');
  }
  if (live && brief.relation !== 'same-commit') {
    const count = brief.files.truncated
      ? `${n(brief.files.count)}+ files changed`
      : plural(brief.files.count, 'file') + ' changed';
    const review =
      brief.files.count > 0
        ? ` <button type="button" data-action="reviewChanges">${icon('diff-multiple')}Review Changes</button>`
        : '';
    parts.push(
      `<p id="files">${t(count)}${brief.files.truncated ? ' (GitLab cut the list at its diff limits)' : ''}${review}</p>`,
    );
  }
  for (const problem of brief.problems) parts.push(`<p>${icon('warning')}${t(problem)}</p>`);
  return parts.join('\n');
}

function commitList(
  id: string,
  heading: string,
  commits: Bounded<BriefCommit>,
  brief: DeploymentBrief,
  now: number,
  link: Link,
): string {
  const items = commits.shown.map(
    (c) =>
      `<li>${link(c.webUrl, c.title)} <span class="muted"><code>${t(c.sha.slice(0, 8))}</code> ${t(c.authorName)}, ${t(timeAgo(c.authoredAt, now))}</span></li>`,
  );
  const more = commits.total - commits.shown.length;
  const rest = more > 0 ? `<p>and ${n(more)} more — ${link(brief.compareUrl, 'see them all in GitLab')}</p>` : '';
  return `<h3 id="${id}">${t(heading)}</h3><ol aria-labelledby="${id}">${items.join('')}</ol>${rest}`;
}

function icon(name: string, spin = false): string {
  return `<span class="codicon codicon-${name}${spin ? ' codicon-modifier-spin' : ''}" aria-hidden="true"></span>`;
}

function plural(count: number, noun: string): string {
  return `${n(count)} ${noun}${count === 1 ? '' : 's'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
