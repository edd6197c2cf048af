import {
  AccessLevel,
  type DeployAccessLevel,
  type ProtectedEnvironment,
  type UserBasic,
} from '../../../src/core/gitlab/types';
import { ApprovalRuleBuilder, groupIdOf } from './rules';

let nextAccessLevelId = 200;

export function deployableByMaintainers(): DeployAccessLevel {
  return {
    id: nextAccessLevelId++,
    access_level: AccessLevel.maintainer,
    access_level_description: 'Maintainers',
    user_id: null,
    group_id: null,
    group_inheritance_type: null,
  };
}

export function deployableByGroup(name: string, inheritance: 0 | 1 = 0): DeployAccessLevel {
  return {
    id: nextAccessLevelId++,
    access_level: null,
    access_level_description: name,
    user_id: null,
    group_id: groupIdOf(name),
    group_inheritance_type: inheritance,
  };
}

export function deployableByUser(user: UserBasic): DeployAccessLevel {
  return {
    id: nextAccessLevelId++,
    access_level: null,
    access_level_description: user.name,
    user_id: user.id,
    group_id: null,
    group_inheritance_type: null,
  };
}

/** A `GET /protected_environments/:name` body (rules without `deployment_approvals`, as that API returns them). */
export class ProtectedEnvironmentBuilder {
  private readonly deployers: DeployAccessLevel[] = [];
  private readonly rules: ApprovalRuleBuilder[] = [];
  private unifiedCount: number | undefined = 0;

  constructor(private readonly name: string) {}

  deployableBy(...levels: DeployAccessLevel[]): this {
    this.deployers.push(...levels);
    return this;
  }

  withRule(rule: ApprovalRuleBuilder): this {
    this.rules.push(rule);
    return this;
  }

  withUnifiedApprovalCount(count: number): this {
    this.unifiedCount = count;
    return this;
  }

  /** Before 14.7 there is no `required_approval_count`, before 15.0 no `approval_rules`. */
  withoutApprovalFields(): this {
    this.unifiedCount = undefined;
    return this;
  }

  build(): ProtectedEnvironment {
    const environment: ProtectedEnvironment = { name: this.name, deploy_access_levels: [...this.deployers] };
    if (this.unifiedCount === undefined) return environment;
    environment.required_approval_count = this.unifiedCount;
    environment.approval_rules = this.rules.map((builder) => {
      const { deployment_approvals: _unused, ...rule } = builder.build();
      return rule;
    });
    return environment;
  }
}

export function aProtectedEnvironment(name = 'production'): ProtectedEnvironmentBuilder {
  return new ProtectedEnvironmentBuilder(name);
}
