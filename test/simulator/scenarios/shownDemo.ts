// What `npm run demo` and the browser test show: the demo, and the additions kept apart so the demo's ids and counts
// stay (the integration tests count on them): a Developer through a subgroup (issue 18), a release pipeline, and the
// release manager's desk (issue 22), with the setting that makes its oldest production deployment overdue.
import type { SimState } from '../state';
import { seedDemo } from './demo';
import { addReleaseDesk } from './releaseDesk';
import { addReleasePipeline } from './releasePipeline';
import { addUncertainApprover } from './uncertainApprover';

export function seedShownDemo(state: SimState, now = Date.now()): void {
  seedDemo(state, now);
  addUncertainApprover(state, now);
  addReleasePipeline(state, now);
  addReleaseDesk(state, now);
}

/**
 * The user settings the shown demo is seen with: production deployments older than two days are overdue — in the
 * desk's production, the one of three days (the demo's own deployments are minutes to hours old).
 */
export const SHOWN_DEMO_SETTINGS: Record<string, unknown> = {
  'gitlabApprovals.overdueAfter': { production: '2d' },
};
