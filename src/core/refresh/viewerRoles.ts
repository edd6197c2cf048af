import { projectAccessLevel } from '../capabilities';
import type { CallOptions } from '../gitlab/client';
import { AccessLevel, type CurrentUser, type DeploymentDetail, type ProjectSummary } from '../gitlab/types';
import { topGroupOf } from './projectState';
import type { GitLabApi } from './gitlabApi';
import { SharedRequests } from './sharedRequests';

export interface GroupMembership {
  direct: boolean;
  inherited: boolean;
}

/**
 * The signed-in user's roles and group memberships on one instance, as far as approval rules need them: read where a
 * deployment's rules ask, once per group per full refresh, and kept in between.
 */
export class ViewerRoles {
  /** Group id → the user's membership, read again on each full refresh. */
  readonly memberships = new Map<number, GroupMembership>();
  /** Top-level group path → the user's role there, where read. */
  readonly topGroupLevels = new Map<string, number>();
  private readonly membershipReads = new SharedRequests<number, void>();
  private readonly topGroupReads = new SharedRequests<string, number>();

  /** `changed` is told which projects' views what was read changes. */
  constructor(
    private readonly client: GitLabApi,
    private readonly user: () => CurrentUser | undefined,
    private readonly changed: (affects: (project: ProjectSummary) => boolean) => void,
  ) {}

  /** A full refresh: every membership and role is read again where needed; another user's are forgotten now. */
  renew(sameUser: boolean): void {
    if (!sameUser) this.memberships.clear();
    this.membershipReads.clear();
    this.topGroupReads.clear();
  }

  /**
   * The project's `permissions` leave out groups the project is shared with, which GitLab's own checks count; so below
   * Maintainer (the highest role any rule asks for) the effective level is read from `members/all`
   * (docs/gitlab-behaviour.md#access-levels-and-shares).
   */
  async effectiveAccessLevel(project: ProjectSummary, options: CallOptions): Promise<number> {
    const listed = projectAccessLevel(project);
    const user = this.user();
    if (listed >= AccessLevel.maintainer || !user) return listed;
    return Math.max(listed, await this.client.projectMemberAccessLevel(project.id, user.id, options));
  }

  /** What this deployment's rules need to be matched against the user: the groups they name, the top group's role. */
  async readFor(project: ProjectSummary, detail: DeploymentDetail, options: CallOptions): Promise<void> {
    await this.readMemberships(detail, options);
    await this.readTopGroupLevel(project, detail, options);
  }

  /** Group rules match on membership, which REST only tells per group (docs/gitlab-behaviour.md); read once per group. */
  private async readMemberships(detail: DeploymentDetail, options: CallOptions): Promise<void> {
    const user = this.user();
    if (!user) return;
    const groupIds = (detail.approval_summary?.rules ?? [])
      .map((r) => r.group_id)
      .filter((id): id is number => id !== null);
    // Details load in parallel and often share a group: ask GitLab once per group.
    await Promise.all(
      groupIds.map((groupId) =>
        this.membershipReads.get(groupId, async () => {
          const read = await this.client.groupMembership(groupId, user.id, options);
          const known = this.memberships.get(groupId);
          if (known?.direct === read.direct && known.inherited === read.inherited) return;
          this.memberships.set(groupId, read);
          // Membership decides "awaiting me" in every project whose rules name the group.
          this.changed(() => true);
        }),
      ),
    );
  }

  /**
   * A role rule may come from a group-level protected environment, where GitLab checks the role in that group
   * (docs/gitlab-behaviour.md#group-level-protected-environments); the role in the top-level group settles most cases.
   */
  private async readTopGroupLevel(project: ProjectSummary, detail: DeploymentDetail, options: CallOptions) {
    const topGroup = topGroupOf(project);
    const user = this.user();
    if (!topGroup || !user || !(detail.approval_summary?.rules ?? []).some((r) => r.access_level !== null)) return;
    const level = await this.topGroupReads.get(topGroup, () =>
      this.client.groupMemberAccessLevel(topGroup, user.id, options),
    );
    if (this.topGroupLevels.get(topGroup) === level) return;
    this.topGroupLevels.set(topGroup, level);
    this.changed((other) => topGroupOf(other) === topGroup);
  }
}
