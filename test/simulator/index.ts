// The GitLab simulator's public surface. See README.md in this folder.
export { startSimulator, Simulator } from './simulator';
export type { SimulatorOptions, ApproveOptions, BlockedDeploymentOptions } from './simulator';
export { SimState, fakeSha } from './state';
export type { RuleSpec, ApprovalRuleSpec, BlockedDeploymentSpec, DeploymentSpec, CreatedDeployment } from './state';
export { Faults } from './faults';
export type { Fault, FaultScope, FaultSpec, ActiveFault } from './faults';
export { RequestLog } from './requestLog';
export type { RequestLogEntry, AuthHeaderKind } from './requestLog';
export { getProfile, PROFILE_NAMES } from './profiles';
export type { Profile, ProfileName } from './profiles';
export { APPROVAL_TEXTS, LEGACY_APPROVAL_TEXTS } from './approvalService';
export type { ApprovalResult } from './approvalService';
export { REQUIRED_APPROVAL_COUNT_DEPRECATED } from './protectedEnvironmentService';
export { ROUTES } from './routes';
export type { ScenarioOption } from './scenarios';
export type { GeneratorSpec } from './scenarios/generate';
export { AccessLevel, ENVIRONMENT_TIERS } from './model';
export type * from './model';
