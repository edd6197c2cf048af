// The one sentence saying how long a deployment has waited, for the page (which cannot import vscode) and the tooltip:
// each hands in its l10n. The environment's name is GitLab's text: the caller escapes the sentence for its surface.
import type { Ageing } from '../../core/ageing/overdue';
import { ageText, utcText } from '../../core/presentation';
import type { PageL10n } from '../deploymentPage/render';

/** "Waiting 5 h 10 min, since 2026-12-06 06:00 UTC — overdue: over the 4 h set for production." */
export function ageingSentence(ageing: Ageing, environmentName: string, l10n: PageL10n): string {
  const waited = ageText(ageing.waitedMs);
  const since = utcText(ageing.since);
  if (ageing.thresholdMs === undefined) return l10n.t('Waiting {0}, since {1}.', waited, since);
  const threshold = ageText(ageing.thresholdMs);
  return ageing.overdue
    ? l10n.t('Waiting {0}, since {1} — overdue: over the {2} set for {3}.', waited, since, threshold, environmentName)
    : l10n.t('Waiting {0}, since {1} (overdue after {2} on {3}).', waited, since, threshold, environmentName);
}
