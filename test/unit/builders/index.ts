export * from './approvers';
export * from './deployments';
export * from './instances';
export * from './protectedEnvironments';
export * from './rules';
export * from './users';
export * from './followedJobs';
