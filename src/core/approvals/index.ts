// The one home for GitLab's deployment-approval rules: pure functions over the REST types, no I/O.
export { approvalsOfRule } from './attribution';
export {
  approvalsEnforced,
  awaitsSomeone,
  classifyBlockedDeployment,
  hasApprovalGate,
  pendingApprovals,
  type BlockedDeploymentState,
} from './classify';
export { decisions, type ApprovalDecision } from './decisions';
export { environmentRequirement, requirementText, type ApprovalRequirement } from './environmentRequirement';
export { approvalEligibility, type ApprovalEligibility, type IneligibilityReason } from './eligibility';
export { ruleProgress, type ApprovalProgress, type RuleProgress, type RuleStatus } from './progress';
export {
  changesDroppedByGitLab,
  requiredApprovalsPlan,
  type DroppedChange,
  type RequiredApprovalsPlan,
} from './requiredApprovals';
export {
  resolveApprovalRule,
  ruleHumanize,
  ruleLabel,
  ruleMatchesUser,
  type ApproverContext,
  type RuleResolution,
} from './rules';
export {
  MAX_APPROVAL_COMMENT_LENGTH,
  MAX_REQUIRED_APPROVALS,
  MIN_REQUIRED_APPROVALS,
  commentLength,
  validateApprovalComment,
  validateRequiredApprovals,
} from './validation';
