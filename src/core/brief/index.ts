// Deployment briefs: what a deployment ships since what is live, and what should make an approver stop. A pure core
// module (no vscode): the deployment page and any other caller build, cache and summarise briefs through this API.
export { buildDeploymentBrief, usualRefOf, type BriefClient, type BriefOptions, type BriefSubject } from './buildBrief';
export { RangeCache, type RangeKey } from './cache';
export { eligibleApprovers, APPROVERS_SHOWN, type ApproversClient, type RuleApprovers } from './approvers';
export { BRIEF_LIMITS, type BriefLimits } from './limits';
export { briefSummary } from './summary';
export { briefWarnings } from './warnings';
export type * from './types';
export {
  FOUR_EYES_SOURCE,
  fourEyesFindings,
  fourEyesSentences,
  independentApprovalRefusal,
  shipsOwnWork,
  type FourEyesFindings,
  type Me,
} from './fourEyes';
