// A brief in one line, for tooltips and quick picks: "3 commits since live · 2 MRs".
import type { DeploymentBrief } from './types';
import { plural } from './warnings';

export function briefSummary(brief: DeploymentBrief): string {
  const parts = [brief.rangeKnown ? rangeWords(brief) : 'what it ships could not be read'];
  if (brief.rangeKnown && (brief.relation === 'forward' || brief.relation === 'diverged')) {
    const count = brief.mergeRequests.length;
    parts.push(
      `${count}${brief.mergeRequestsComplete ? '' : '+'} MR${count === 1 && brief.mergeRequestsComplete ? '' : 's'}`,
    );
  }
  if (brief.warnings.length > 0) parts.push(plural(brief.warnings.length, 'warning'));
  return parts.join(' · ');
}

function rangeWords(brief: DeploymentBrief): string {
  switch (brief.relation) {
    case 'first-deployment':
      return `first deployment to ${brief.environmentName}`;
    case 'same-commit':
      return 'same commit as live';
    case 'forward':
      return `${plural(brief.commits.total, 'commit')} since live`;
    case 'rollback':
      return `rolls back ${plural(brief.dropped.total, 'commit')}`;
    case 'diverged':
      return `${plural(brief.commits.total, 'commit')} since live, ${brief.dropped.total} dropped`;
  }
}
