import {
  changesDroppedByGitLab,
  requiredApprovalsPlan,
  type DroppedChange,
  type RequiredApprovalsPlan,
} from '../approvals/requiredApprovals';
import type { InstanceCapabilities } from '../capabilities';
import { NotSupportedError } from '../errors';
import { asUserAction, type CallOptions, type GitLabClient, type ProjectIdOrPath } from '../gitlab/client';
import type { ProtectedEnvironment } from '../gitlab/types';

export type SettingsClient = Pick<
  GitLabClient,
  'protectedEnvironment' | 'updateProtectedEnvironment' | 'protectEnvironment' | 'unprotectEnvironment'
>;

export interface RequiredApprovalsRequest {
  projectId: ProjectIdOrPath;
  environmentName: string;
  count: number;
  /** Which rule to change when the environment has several. */
  ruleId?: number;
}

export interface RequiredApprovalsResult {
  environment: ProtectedEnvironment;
  /** What GitLab silently did not apply (docs/gitlab-behaviour.md#protected-environments-api); empty when everything took. */
  dropped: DroppedChange[];
  mechanism: 'update-unified' | 'update-rule' | 'reprotect';
}

/**
 * Change how many approvals an environment requires, by the mechanism this GitLab supports (see
 * `requiredApprovalsPlan`). The current protection is read first so the change resends every original key; the
 * answer is compared with the request. Unprotect/re-protect (before 15.4) runs only if `confirm` agrees.
 */
export async function setRequiredApprovals(
  client: SettingsClient,
  capabilities: InstanceCapabilities,
  request: RequiredApprovalsRequest,
  confirm: (warning: string) => Promise<boolean>,
  options?: CallOptions,
): Promise<RequiredApprovalsResult | undefined> {
  options = asUserAction(options);
  const current = await client.protectedEnvironment(request.projectId, request.environmentName, options);
  const plan: RequiredApprovalsPlan = requiredApprovalsPlan(capabilities, current, request.count, request.ruleId);
  switch (plan.kind) {
    case 'invalid-input':
      throw plan.error;
    case 'not-supported':
      throw new NotSupportedError(plan.reason);
    case 'update-unified':
    case 'update-rule': {
      const environment = await client.updateProtectedEnvironment(
        request.projectId,
        plan.environmentName,
        plan.body,
        options,
      );
      return { environment, dropped: changesDroppedByGitLab(plan.body, environment), mechanism: plan.kind };
    }
    case 'reprotect': {
      if (!(await confirm(plan.warning))) return undefined;
      await client.unprotectEnvironment(request.projectId, plan.environmentName, options);
      const environment = await client.protectEnvironment(request.projectId, plan.create, options);
      return { environment, dropped: changesDroppedByGitLab(plan.create, environment), mechanism: plan.kind };
    }
  }
}
