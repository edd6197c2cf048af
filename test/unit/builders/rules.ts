import {
  AccessLevel,
  type ApprovalRuleForSummary,
  type GroupInheritanceType,
  type UserBasic,
} from '../../../src/core/gitlab/types';

const groupIds = new Map<string, number>();
let nextRuleId = 30;

/** A stable id per group name, so memberships and rules agree without bookkeeping in tests. */
export function groupIdOf(name: string): number {
  let id = groupIds.get(name);
  if (id === undefined) {
    id = 500 + groupIds.size;
    groupIds.set(name, id);
  }
  return id;
}

export class ApprovalRuleBuilder {
  private readonly rule: ApprovalRuleForSummary;

  constructor(
    target: Pick<ApprovalRuleForSummary, 'user_id' | 'group_id' | 'access_level' | 'access_level_description'>,
  ) {
    this.rule = {
      id: nextRuleId++,
      required_approvals: 1,
      group_inheritance_type: 0,
      deployment_approvals: [],
      ...target,
    };
  }

  requiring(count: number): this {
    this.rule.required_approvals = count;
    return this;
  }

  withId(id: number): this {
    this.rule.id = id;
    return this;
  }

  /** `group_inheritance_type: 1`: inherited members of the group match too. */
  includingInheritedMembers(type: GroupInheritanceType = 1): this {
    this.rule.group_inheritance_type = type;
    return this;
  }

  /** Older or REST variants without per-rule approvals. */
  withoutDeploymentApprovals(): this {
    delete this.rule.deployment_approvals;
    return this;
  }

  get label(): string | null {
    return this.rule.access_level_description;
  }

  build(): ApprovalRuleForSummary {
    return {
      ...this.rule,
      deployment_approvals: this.rule.deployment_approvals && [...this.rule.deployment_approvals],
    };
  }
}

export function aGroupRule(groupName: string): ApprovalRuleBuilder {
  return new ApprovalRuleBuilder({
    user_id: null,
    group_id: groupIdOf(groupName),
    access_level: null,
    access_level_description: groupName,
  });
}

export function aUserRule(user: UserBasic): ApprovalRuleBuilder {
  return new ApprovalRuleBuilder({
    user_id: user.id,
    group_id: null,
    access_level: null,
    access_level_description: user.name,
  });
}

/** Role rules as GitLab describes them: only Maintainer and Developer have a name (docs/gitlab-behaviour.md#approving-and-rejecting). */
export function aRoleRule(role: 'maintainers' | 'developers' | 'reporters' | 'admins'): ApprovalRuleBuilder {
  const byRole = {
    maintainers: [AccessLevel.maintainer, 'Maintainers'],
    developers: [AccessLevel.developer, 'Developers + Maintainers'],
    reporters: [AccessLevel.reporter, null],
    admins: [AccessLevel.admin, null],
  } as const;
  const [level, description] = byRole[role];
  return new ApprovalRuleBuilder({
    user_id: null,
    group_id: null,
    access_level: level,
    access_level_description: description,
  });
}
