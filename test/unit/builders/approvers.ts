import type { ApproverContext } from '../../../src/core/approvals/rules';
import { AccessLevel, type UserBasic } from '../../../src/core/gitlab/types';
import { groupIdOf } from './rules';

type Role = keyof typeof AccessLevel;

/** The current user as the eligibility rules see them: by default a Developer in no group, not an admin. */
export class ApproverBuilder {
  private accessLevel: number = AccessLevel.developer;
  private readonly direct: number[] = [];
  private readonly inherited: number[] = [];
  private admin = false;
  private selfApproval: boolean | undefined = false;
  private groupProject?: { projectRuleIds?: number[]; topGroupAccessLevel?: number };
  private readonly bots: UserBasic[] = [];

  constructor(private readonly user: UserBasic) {}

  withRole(role: Role): this {
    this.accessLevel = AccessLevel[role];
    return this;
  }

  /** Direct membership (`group.has_user?`), which also counts as membership with inheritance. */
  directMemberOf(...groups: string[]): this {
    for (const group of groups) {
      this.direct.push(groupIdOf(group));
      this.inherited.push(groupIdOf(group));
    }
    return this;
  }

  /** Membership through an ancestor group only. */
  inheritedMemberOf(...groups: string[]): this {
    this.inherited.push(...groups.map(groupIdOf));
    return this;
  }

  asAdmin(): this {
    this.admin = true;
    return this;
  }

  /** These users are service accounts or bots (`GET /users/:id` answered `bot: true`). */
  knowingBots(...users: UserBasic[]): this {
    this.bots.push(...users);
    return this;
  }

  /** `allow_pipeline_trigger_approve_deployment`. */
  allowingSelfApproval(allowed = true): this {
    this.selfApproval = allowed;
    return this;
  }

  /** The project JSON lacked `allow_pipeline_trigger_approve_deployment`. */
  withSelfApprovalSettingUnknown(): this {
    this.selfApproval = undefined;
    return this;
  }

  /**
   * The project sits in a group, so a role rule may be group-level; `projectRuleIds` when the user could read the
   * project's own protection (Maintainer+), `topGroupRole` when their role in the top-level group was read.
   */
  inGroupProject(options: { projectRuleIds?: number[]; topGroupRole?: Role } = {}): this {
    this.groupProject = {
      projectRuleIds: options.projectRuleIds,
      topGroupAccessLevel: options.topGroupRole && AccessLevel[options.topGroupRole],
    };
    return this;
  }

  build(): ApproverContext {
    return {
      currentUser: { id: this.user.id },
      currentUserAccessLevel: this.accessLevel,
      groupMemberships: { direct: [...this.direct], inherited: [...this.inherited] },
      allowSelfApproval: this.selfApproval,
      isAdmin: this.admin,
      ...(this.bots.length > 0 && {
        botAccounts: new Map(this.bots.map((bot) => [bot.id, { username: bot.username, name: bot.name }])),
      }),
      ...(this.groupProject && {
        groupLevelRulesPossible: true,
        projectRuleIds: this.groupProject.projectRuleIds && new Set(this.groupProject.projectRuleIds),
        topGroupAccessLevel: this.groupProject.topGroupAccessLevel,
      }),
    };
  }
}

export function anApprover(user: UserBasic): ApproverBuilder {
  return new ApproverBuilder(user);
}
