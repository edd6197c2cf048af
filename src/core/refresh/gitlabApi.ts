import type { GitLabClient } from '../gitlab/client';

/** The GitLab calls a session makes (the whole client, or a stand-in in tests and the bench). */
export type GitLabApi = Pick<
  GitLabClient,
  | 'instanceUrl'
  | 'version'
  | 'currentUser'
  | 'tokenInfo'
  | 'user'
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
> &
  // The limit GitLab's headers taught the client; a stand-in without it is planned on GitLab.com's.
  Partial<Pick<GitLabClient, 'rateLimit'>>;
