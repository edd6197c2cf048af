// Every command the extension contributes (package.json `contributes.commands`), by one name each. No other file spells
// a command id: registrations, menus built in code, the status bar and tests use these constants (a unit test checks
// both ways against package.json, and that no other source file writes one out).

export const COMMANDS = {
  signIn: 'gitlabApprovals.signIn',
  signOut: 'gitlabApprovals.signOut',
  refresh: 'gitlabApprovals.refresh',
  approve: 'gitlabApprovals.approve',
  approveAndRun: 'gitlabApprovals.approveAndRun',
  approvePipeline: 'gitlabApprovals.approvePipeline',
  reject: 'gitlabApprovals.reject',
  runJob: 'gitlabApprovals.runJob',
  setRequiredApprovals: 'gitlabApprovals.setRequiredApprovals',
  rejectSuperseded: 'gitlabApprovals.rejectSuperseded',
  exportApprovalRecord: 'gitlabApprovals.exportApprovalRecord',
  exportPipelineApprovalRecord: 'gitlabApprovals.exportPipelineApprovalRecord',
  openInGitLab: 'gitlabApprovals.openInGitLab',
  copyLink: 'gitlabApprovals.copyLink',
  openInbox: 'gitlabApprovals.openInbox',
  filterAwaitingMe: 'gitlabApprovals.filterAwaitingMe',
  filterAllBlocked: 'gitlabApprovals.filterAllBlocked',
  showIdleEnvironments: 'gitlabApprovals.showIdleEnvironments',
  hideIdleEnvironments: 'gitlabApprovals.hideIdleEnvironments',
  showLog: 'gitlabApprovals.showLog',
  showDeployment: 'gitlabApprovals.showDeployment',
  openSelectedDeployment: 'gitlabApprovals.openSelectedDeployment',
  showJobLog: 'gitlabApprovals.showJobLog',
  openEnvironment: 'gitlabApprovals.openEnvironment',
  retryFollowedJob: 'gitlabApprovals.retryFollowedJob',
  openFollowedJob: 'gitlabApprovals.openFollowedJob',
  stopFollowingJob: 'gitlabApprovals.stopFollowingJob',
} as const;

export type CommandName = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandName];

/** The sidebar view (package.json `contributes.views`). */
export const DEPLOYMENTS_VIEW_ID = 'gitlabApprovals.deployments';
/** The jobs the person started, followed to their end (issue 21). */
export const FOLLOWED_JOBS_VIEW_ID = 'gitlabApprovals.followedJobs';

/** Commands VS Code itself provides for the extension's contributions (not in `contributes.commands`). */
export const BUILT_IN_COMMANDS = {
  focusDeploymentsView: `${DEPLOYMENTS_VIEW_ID}.focus`,
  focusFollowedJobsView: `${FOLLOWED_JOBS_VIEW_ID}.focus`,
} as const;
