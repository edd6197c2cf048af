// The deployment page's HTML, from the tree's data and the brief. Every value from GitLab passes `htmlText` (the one
// escaping home), and every number from GitLab `numberText`; a link is rendered only for an http(s) URL on the instance, and is recorded so the page opens
// nothing else. Words for states and reasons come from the tree's tables, so the page and the tree agree. The page's
// own words come through `l10n` (VS Code's vscode.l10n in the extension, an English formatter in the unit tests, as
// this file does not import vscode): each message is the extension's literal; one that holds markup gets its GitLab
// values escaped before they go in, any other is escaped whole once formatted.
import { freezeBadge, freezeMeaning } from '../presentation/freezeWords';
import type { DeploymentAction } from '../../core/actions/availableActions';
import { myApprovalRules } from '../../core/actions/approvalRules';
import { decisions } from '../../core/approvals/decisions';
import { MAX_APPROVAL_COMMENT_LENGTH } from '../../core/approvals/validation';
import {
  FOUR_EYES_SOURCE,
  type Bounded,
  type BriefCommit,
  type DeploymentBrief,
  type RuleApprovers,
} from '../../core/brief';
import {
  htmlText as t,
  INELIGIBILITY_TEXT,
  linkOnInstance,
  numberText as n,
  READ_ONLY_TOKEN_TEXT,
  runNote,
  deploymentState,
  timeAgo,
  knownWarnings,
} from '../../core/presentation';
import type { DeploymentNode } from '../tree/nodes';
import { ageingOf, type OverdueThresholds } from '../../core/ageing/overdue';
import { ageingSentence } from '../presentation/ageingWords';

/** VS Code's `vscode.l10n` as the page uses it: a literal message with `{0}` placeholders. */
export interface PageL10n {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

export type Loadable<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; message: string };

export interface PageState {
  node: DeploymentNode;
  /** Set when the deployment left the inbox (decided, run, or gone): the page says so and offers no decision. */
  gone?: string;
  /** The job you started from it, followed (issue 21): its state in words, and whether it went live. */
  jobRun?: { words: string; live: boolean };
  actions: DeploymentAction[];
  /** This deployment is superseded and Reject Superseded has something for the user to reject on its environment. */
  canRejectSuperseded?: boolean;
  /** The four-eyes findings (the person's own work in this deployment), as far as known; empty when none. */
  fourEyes?: string[];
  brief: Loadable<DeploymentBrief>;
  approvers: Loadable<RuleApprovers[]>;
  /** An action under way, in words. */
  busy?: string;
  now: number;
  /** The person's overdue thresholds (gitlabApprovals.overdueAfter); the page says how long the deployment waited. */
  thresholds: OverdueThresholds;
  l10n: PageL10n;
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
  const html = [
    header(state, link),
    warnings(state),
    fourEyes(state),
    approvals(state),
    decide(state),
    shipped(state, link),
  ]
    .filter(Boolean)
    .join('\n');
  return { html, links };
}

export type Link = (url: string | null | undefined, label: string) => string;

function header({ node, now, l10n, thresholds }: PageState, link: Link): string {
  const { deployment } = node;
  const job = deployment.deployable as (typeof deployment.deployable & { commit?: { title?: string } }) | null;
  const tier = node.environment.tier ? ` <span class="muted">(${t(node.environment.tier)})</span>` : '';
  const commitTitle = job?.commit?.title ? ` ${t(job.commit.title)}` : '';
  const triggered = deployment.user
    ? l10n.t(
        'Triggered by {0} (@{1}) {2}',
        t(deployment.user.name),
        t(deployment.user.username),
        t(timeAgo(deployment.created_at, now)),
      )
    : l10n.t('Created {0}', t(timeAgo(deployment.created_at, now)));
  const pipeline = job
    ? `<p>${icon('git-commit')}${l10n.t(
        'Pipeline {0} ({1}) · job {2} ({3})',
        link(job.pipeline.web_url, `#${n(job.pipeline.id)}`),
        t(job.pipeline.status),
        link(job.web_url, job.name),
        t(job.status),
      )}</p>`
    : '';
  const title = l10n.t(
    'Deployment #{0}: {1} → {2}',
    n(deployment.iid),
    t(deployment.ref),
    t(deployment.environment.name),
  );
  const commit = l10n.t(
    '{0} · commit {1}',
    t(node.project.project.path_with_namespace),
    `<code>${t(deployment.sha.slice(0, 8))}</code>`,
  );
  const ageing = ageingOf(node, thresholds, now);
  const waited = ageing
    ? `<p class="ageing">${icon(ageing.overdue ? 'history' : 'clock')}${t(ageingSentence(ageing, deployment.environment.name, l10n))}</p>`
    : '';
  const badge = freezeBadge(node.project.freezes, now, l10n);
  const freeze = badge
    ? `<p class="freeze" role="status"><strong>${t(badge)}</strong> ${t(freezeMeaning(l10n))}</p>`
    : '';
  return `<header>
<h1 id="title">${title}${tier}</h1>
<p>${commit}${commitTitle}</p>
<p>${triggered}</p>
${waited}
${pipeline}
${freeze}
</header>`;
}

function approvals(state: PageState): string {
  const { l10n } = state;
  const view = state.node.view;
  const { progress, detail, eligibility } = view;
  const kind = deploymentState(view);
  const words = state.jobRun
    ? state.jobRun.words
    : state.gone
      ? state.gone
      : view.awaitingMe
        ? l10n.t('Awaiting your approval')
        : kind
          ? capitalise(kind.label)
          : view.error
            ? l10n.t('Details unavailable: {0}', view.error.userMessage)
            : l10n.t('Loading…');
  const counts =
    progress && progress.totalRequired > 0
      ? ` — ${l10n.t('{0} of {1} approvals, {2} pending', n(progress.totalApproved), n(progress.totalRequired), n(progress.totalPending))}`
      : '';
  const parts = [
    `<section aria-labelledby="approvals-heading"><h2 id="approvals-heading">${t(l10n.t('Approvals'))}</h2>`,
    `<p class="state">${icon(view.awaitingMe ? 'bell-dot' : (kind?.icon ?? 'info'))}${t(words)}${t(counts)}</p>`,
  ];
  if (progress && progress.rules.length > 0) {
    const approvers = state.approvers.status === 'ready' ? state.approvers.value : undefined;
    parts.push(
      `<table><caption class="sr-only">${t(l10n.t('Approval rules'))}</caption><thead><tr><th scope="col">${t(l10n.t('Rule'))}</th><th scope="col">${t(l10n.t('Approvals'))}</th><th scope="col">${t(l10n.t('Status'))}</th><th scope="col">${t(l10n.t('Who can approve'))}</th></tr></thead><tbody>`,
    );
    for (const rule of progress.rules) {
      const status = rule.rejected
        ? l10n.t('rejected')
        : rule.status === 'approved'
          ? l10n.t('approved')
          : l10n.t('{0} more needed', n(rule.pending));
      const who =
        state.approvers.status === 'loading'
          ? t(l10n.t('Loading…'))
          : state.approvers.status === 'failed'
            ? t(state.approvers.message)
            : whoCanApprove(
                approvers?.find((a) => a.ruleId === rule.rule.id),
                l10n,
              );
      const count = progress.perRuleKnown
        ? l10n.t('{0} of {1}', n(rule.approved), n(rule.required))
        : l10n.t('{0} required', n(rule.required));
      parts.push(
        `<tr><th scope="row">${t(rule.label)}</th><td>${t(count)}</td><td>${icon(rule.rejected ? 'error' : rule.status === 'approved' ? 'pass' : 'watch')}${t(status)}</td><td>${who}</td></tr>`,
      );
    }
    parts.push('</tbody></table>');
  }
  const decided = detail ? decisions(detail) : [];
  if (decided.length > 0) {
    parts.push('<ul class="decisions">');
    for (const d of decided) {
      const [who, when] = [t(d.user.name), t(timeAgo(d.at, state.now))];
      const decision =
        d.status === 'approved' ? l10n.t('{0} approved {1}', who, when) : l10n.t('{0} rejected {1}', who, when);
      const comment = d.comment ? `: “${t(d.comment)}”` : '';
      parts.push(`<li>${icon(d.status === 'approved' ? 'check' : 'close')}${decision}${comment}</li>`);
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
  if (view.readOnlyToken) parts.push(`<p>${icon('lock')}${t(READ_ONLY_TOKEN_TEXT)}</p>`);
  parts.push('</section>');
  return parts.join('\n');
}

function whoCanApprove(approvers: RuleApprovers | undefined, l10n: PageL10n): string {
  if (!approvers) return '';
  const names = approvers.people.map((p) => (p.username ? `${t(p.name)} (@${t(p.username)})` : t(p.name)));
  const more = approvers.total !== undefined && approvers.total > names.length ? approvers.total - names.length : 0;
  const list =
    names.length > 0 ? (more > 0 ? l10n.t('{0} and {1} more', names.join(', '), n(more)) : names.join(', ')) : '';
  const note = approvers.note ? `<span class="muted">${list ? ' — ' : ''}${t(approvers.note)}</span>` : '';
  return list + note || `<span class="muted">${t(l10n.t('nobody you can see'))}</span>`;
}

function decide(state: PageState): string {
  const { actions, node, busy, gone, l10n } = state;
  const can = (action: DeploymentAction) => !gone && !busy && actions.includes(action);
  const deciding = can('approve') || can('reject');
  const parts = [`<section aria-labelledby="decide-heading"><h2 id="decide-heading">${t(l10n.t('Decide'))}</h2>`];
  if (deciding) {
    // The page's script counts as the person types, in these words ({0} the count, {1} the limit).
    const counter = l10n.t('{0} of {1} characters');
    const over = l10n.t('{0} of {1} characters: GitLab accepts at most {1}');
    parts.push(
      `<div class="field"><label for="comment">${t(l10n.t('Comment (optional)'))}</label>`,
      `<textarea id="comment" rows="3" aria-describedby="counter" data-max="${MAX_APPROVAL_COMMENT_LENGTH}"></textarea>`,
      `<p id="counter" class="muted" aria-live="polite" data-counter="${t(counter)}" data-over="${t(over)}">${t(l10n.t('{0} of {1} characters', 0, MAX_APPROVAL_COMMENT_LENGTH))}</p></div>`,
    );
  }
  // The rules the approval can count for, labelled apart (origin or position) and marked where GitLab decides.
  const choices = myApprovalRules(node.view).filter((rule) => rule.name !== undefined);
  if (can('approve') && choices.length > 1) {
    parts.push(`<fieldset><legend>${t(l10n.t('Your approval counts for'))}</legend>`);
    choices.forEach((choice, i) => {
      const rule = choice.progress;
      const progress = rule ? ` (${l10n.t('{0} of {1}', n(rule.approved), n(rule.required))})` : '';
      const uncertain = choice.certain ? '' : ` — ${l10n.t('may include you: GitLab decides')}`;
      parts.push(
        `<div><input type="radio" name="rule" id="rule-${i}" value="${t(choice.name!)}"${i === 0 ? ' checked' : ''}><label for="rule-${i}">${t(choice.label)}${t(progress)}${t(uncertain)}</label></div>`,
      );
    });
    parts.push('</fieldset>');
  }
  const button = (action: string, label: string, codicon: string, primary = false) =>
    `<button type="button" data-action="${action}"${primary ? ' class="primary"' : ''}>${icon(codicon)}${t(label)}</button>`;
  const buttons = [
    can('approve') && button('approve', l10n.t('Approve'), 'check', true),
    can('approveAndRun') && button('approveAndRun', l10n.t('Approve and Run'), 'run-all'),
    can('reject') && button('reject', l10n.t('Reject…'), 'close'),
    can('run') && button('run', l10n.t('Run Deployment Job…'), 'play', !can('approve')),
    !gone &&
      !busy &&
      state.canRejectSuperseded === true &&
      button('rejectSuperseded', l10n.t('Reject Superseded…'), 'close-all'),
    button('openInGitLab', l10n.t('Open in GitLab'), 'link-external'),
    button('copyLink', l10n.t('Copy Link'), 'copy'),
    button('exportApprovalRecord', l10n.t('Export Approval Record…'), 'file-text'),
    button('refresh', l10n.t('Refresh'), 'refresh'),
  ].filter(Boolean);
  parts.push(`<div class="buttons" role="group" aria-label="${t(l10n.t('Actions'))}">${buttons.join('')}</div>`);
  parts.push(`<p id="status" role="status" class="muted">${busy ? `${icon('loading', true)}${t(busy)}` : ''}</p>`);
  parts.push('</section>');
  return parts.join('\n');
}

/**
 * What the row and tooltip warn of (knownWarnings): the brief's once it is read, and from the snapshot a newer
 * deployment waiting on the environment, even while the brief loads or when it was read before that one came.
 */
function warnings(state: PageState): string {
  const known = knownWarnings(state.node, state.brief.status === 'ready' ? state.brief.value : undefined);
  if (known.length === 0) return '';
  const { l10n } = state;
  const parts = [`<ul class="warnings" aria-label="${t(l10n.t('Warnings'))}">`];
  for (const warning of known)
    parts.push(`<li>${icon('warning')}<strong>${t(l10n.t('Warning:'))}</strong> ${t(warning.message)}</li>`);
  parts.push('</ul>');
  return parts.join('\n');
}

/** Your own work in this deployment (core/brief/fourEyes.ts), above Decide, with whose check it is. */
function fourEyes(state: PageState): string {
  const sentences = state.fourEyes ?? [];
  if (sentences.length === 0) return '';
  const { l10n } = state;
  const parts = [`<ul class="warnings four-eyes" aria-label="${t(l10n.t('Four eyes'))}">`];
  for (const sentence of sentences)
    parts.push(`<li>${icon('eye')}<strong>${t(l10n.t('Four eyes:'))}</strong> ${t(sentence)}</li>`);
  parts.push(`<li class="muted">${t(FOUR_EYES_SOURCE)}</li>`);
  parts.push('</ul>');
  return parts.join('\n');
}

function shipped(state: PageState, link: Link): string {
  const { l10n } = state;
  const parts = [
    `<section aria-labelledby="shipped-heading" aria-busy="${state.brief.status === 'loading'}"><h2 id="shipped-heading">${t(state.jobRun?.live ? l10n.t('What went live') : l10n.t('What is being shipped'))}</h2>`,
  ];
  if (state.brief.status === 'loading') {
    parts.push(
      `<p>${icon('loading', true)}${l10n.t('Reading what is live on {0} and what changed…', t(state.node.environment.name))}</p>`,
    );
  } else if (state.brief.status === 'failed') {
    parts.push(`<p>${icon('warning')}${t(state.brief.message)}</p>`);
  } else {
    parts.push(shippedHtml(state.brief.value, state.now, link, l10n));
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** What is live and what this deployment ships since; exported for its unit test. */
export function shippedHtml(brief: DeploymentBrief, now: number, link: Link, l10n: PageL10n): string {
  const parts: string[] = [];
  const env = t(brief.environmentName);
  const live = brief.live;
  if (!live && !brief.rangeKnown) {
    parts.push(
      `<p>${l10n.t('What is live on {0} could not be read, so what this deployment ships is not known.', env)}</p>`,
    );
  } else if (!live) {
    parts.push(
      `<p>${l10n.t('Nothing is live on {0} yet: this is its first deployment, so there is nothing to compare with.', env)}</p>`,
    );
  } else {
    const what = `#${n(live.iid)} ${t(live.ref)} <code>${t(live.sha.slice(0, 8))}</code>`;
    const when = t(timeAgo(live.at, now));
    parts.push(
      `<p>${
        live.user
          ? l10n.t('Live on {0} now: {1}, deployed by {2} {3}.', env, what, t(live.user.name), when)
          : l10n.t('Live on {0} now: {1}, deployed {2}.', env, what, when)
      }</p>`,
    );
  }
  if (live && !brief.rangeKnown) parts.push(`<p>${t(l10n.t('The commits since then could not be read.'))}</p>`);
  if (!brief.rangeKnown) {
    for (const problem of brief.problems) parts.push(`<p>${icon('warning')}${t(problem)}</p>`);
    return parts.join('\n');
  }
  if (brief.relation === 'same-commit')
    parts.push(`<p>${t(l10n.t('This deployment is the very commit that is live.'))}</p>`);
  const list = (id: string, heading: string, commits: Bounded<BriefCommit>) =>
    commitList(id, heading, commits, brief, now, link, l10n);
  if (brief.commits.total > 0) {
    const total = n(brief.commits.total);
    const heading =
      brief.commits.total === 1 ? l10n.t('{0} commit since live', total) : l10n.t('{0} commits since live', total);
    parts.push(list('commits', heading, brief.commits));
  }
  if (brief.dropped.total > 0) {
    const total = n(brief.dropped.total);
    const heading =
      brief.dropped.total === 1
        ? l10n.t('{0} commit live has that this deployment does not', total)
        : l10n.t('{0} commits live has that this deployment does not', total);
    parts.push(list('dropped', heading, brief.dropped));
  }
  if (brief.relation === 'forward' || brief.relation === 'diverged') {
    const count = `${n(brief.mergeRequests.length)}${brief.mergeRequestsComplete ? '' : '+'}`;
    parts.push(`<h3 id="mrs">${t(l10n.t('Merge requests ({0})', count))}</h3>`);
    if (brief.mergeRequests.length > 0) {
      parts.push('<ul aria-labelledby="mrs">');
      for (const mr of brief.mergeRequests)
        parts.push(
          `<li>${link(mr.webUrl, `!${n(mr.iid)} ${mr.title}`)}${mr.author ? ` <span class="muted">${l10n.t('by {0}', t(mr.author.name))}</span>` : ''}</li>`,
        );
      parts.push('</ul>');
    } else parts.push(`<p class="muted">${t(l10n.t('None of these commits came from a merge request.'))}</p>`);
    if (!brief.mergeRequestsComplete)
      parts.push(
        `<p class="muted">${t(l10n.t('Merge requests were looked up for the newest commits only; there may be more.'))}</p>`,
      );
  }
  if (live && brief.relation !== 'same-commit') {
    const files = n(brief.files.count);
    const count = brief.files.truncated
      ? l10n.t('{0}+ files changed (GitLab cut the list at its diff limits)', files)
      : brief.files.count === 1
        ? l10n.t('{0} file changed', files)
        : l10n.t('{0} files changed', files);
    const review =
      brief.files.count > 0
        ? ` <button type="button" data-action="reviewChanges">${icon('diff-multiple')}${t(l10n.t('Review Changes'))}</button>`
        : '';
    parts.push(`<p id="files">${t(count)}${review}</p>`);
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
  l10n: PageL10n,
): string {
  const items = commits.shown.map(
    (c) =>
      `<li>${link(c.webUrl, c.title)} <span class="muted"><code>${t(c.sha.slice(0, 8))}</code> ${t(c.authorName)}, ${t(timeAgo(c.authoredAt, now))}</span></li>`,
  );
  const more = commits.total - commits.shown.length;
  const rest =
    more > 0
      ? `<p>${l10n.t('and {0} more — {1}', n(more), link(brief.compareUrl, l10n.t('see them all in GitLab')))}</p>`
      : '';
  return `<h3 id="${id}">${t(heading)}</h3><ol aria-labelledby="${id}">${items.join('')}</ol>${rest}`;
}

function icon(name: string, spin = false): string {
  return `<span class="codicon codicon-${name}${spin ? ' codicon-modifier-spin' : ''}" aria-hidden="true"></span>`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
