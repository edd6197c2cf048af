import type { GitLabClient } from '../gitlab/client';

/** The GitLab calls a session makes (the whole client, or a stand-in in tests and the bench). */
export type GitLabApi = Pick<
  GitLabClient,
  | 'instanceUrl'
  | 'version'
  | 'currentUser'
  | 'project'
  | 'memberProjects'
  | 'environments'
  | 'environment'
  | 'protectedEnvironments'
  | 'blockedDeployments'
  | 'createdDeployments'
  | 'newestCreatedDeployments'
  | 'deployment'
  | 'groupMembership'
  | 'projectMemberAccessLevel'
  | 'groupMemberAccessLevel'
  | 'deployFreezes'
>;
