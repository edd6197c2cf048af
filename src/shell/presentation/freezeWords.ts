// The one way a deploy freeze is said in the view: the environment rows, the deployment page, the status-bar tooltip.
// "❄ frozen until Mon 08:00 (Europe/Berlin)", "freeze starts in 3 h". Never "blocked": GitLab stops a job only where
// the CI configuration checks `$CI_DEPLOY_FREEZE`. No `vscode` import: the page renders in plain Node too; the caller
// hands in `vscode.l10n` (or the page's), and escapes the result for where it goes (it holds GitLab's zone name).
import { freezeStateAt, type ProjectFreezes } from '../../core/freezes/deployFreezes';
import { freezeEnd, startsIn } from '../../core/presentation/freezeTimes';

export interface FreezeL10n {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

/** The row's and the page's badge: a freeze on now, or one beginning within a day; undefined otherwise. */
export function freezeBadge(freezes: ProjectFreezes | undefined, now: number, l10n: FreezeL10n): string | undefined {
  const state = freezeStateAt(freezes, now);
  const [active] = state.active;
  if (active) {
    const end = freezeEnd(active, now);
    return end ? l10n.t('❄ frozen until {0} ({1})', end.when, end.zone) : l10n.t('❄ frozen now');
  }
  if (!state.upcoming) return undefined;
  const until = startsIn(state.upcoming, now);
  return 'hours' in until
    ? l10n.t('freeze starts in {0} h', until.hours)
    : l10n.t('freeze starts in {0} min', until.minutes);
}

/** What GitLab does in a freeze: said beside every badge and in the run question, never "GitLab blocks it". */
export function freezeEnforcement(l10n: FreezeL10n): string {
  return l10n.t('GitLab stops a job during a freeze only where the CI configuration checks $CI_DEPLOY_FREEZE.');
}

/** The sentence beside the badge: what a freeze means here. */
export function freezeMeaning(l10n: FreezeL10n): string {
  return `${l10n.t('The project has a deploy freeze; Run asks again.')} ${freezeEnforcement(l10n)}`;
}
