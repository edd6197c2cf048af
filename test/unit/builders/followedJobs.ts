import { followedJobKey, type FollowedJob } from '../../../src/core/follow/followedJob';

export const FOLLOWED_INSTANCE = 'https://gitlab.example.com';

/** A followed job of acme/app's production (project 1, environment 3, deployment 5), as the follower keeps it. */
export function followedJob(jobId: number, status: string, extra: Partial<FollowedJob> = {}): FollowedJob {
  return {
    key: followedJobKey(FOLLOWED_INSTANCE, 1, jobId),
    instanceUrl: FOLLOWED_INSTANCE,
    projectId: 1,
    projectPath: 'acme/app',
    environmentId: 3,
    environmentName: 'production',
    deploymentKey: `${FOLLOWED_INSTANCE}#1#5`,
    ref: 'main',
    sha: 'abc',
    jobId,
    jobName: 'deploy',
    status,
    followedAt: 1,
    ...extra,
  };
}
