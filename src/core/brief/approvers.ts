// Who can approve under each approval rule, resolved to names as far as the user may see them: a user rule names its
// user (GitLab's `access_level_description`), a group rule lists the group's members (direct, or with ancestors' when
// the rule counts inherited members), a role rule lists the project's members at that level or above. Bounded lists
// with a count. One request per group rule and one for all role rules. See docs/deployment-brief.md.
import { isGitLabError } from '../errors';
import type { CallOptions, GitLabClient } from '../gitlab/client';
import type { CountedPage, Member } from '../gitlab/repositoryTypes';
import { AccessLevel, type ProtectedEnvironmentApprovalRule } from '../gitlab/types';
import type { BriefUser } from './types';

export type ApproversClient = Pick<GitLabClient, 'groupMembers' | 'projectMembers'>;

export interface RuleApprovers {
  ruleId: number;
  people: BriefUser[];
  /** How many people in all; undefined when unknown. */
  total?: number;
  /** Why the list is missing or partial, in words. */
  note?: string;
}

export const APPROVERS_SHOWN = 10;
/** Project members read at once for role rules. */
const PROJECT_MEMBERS_PAGE = 100;

export async function eligibleApprovers(
  client: ApproversClient,
  projectId: number,
  rules: readonly ProtectedEnvironmentApprovalRule[],
  options?: CallOptions,
): Promise<RuleApprovers[]> {
  const roleRules = rules.filter((r) => r.user_id === null && r.group_id === null && r.access_level !== null);
  const projectMembers =
    roleRules.length > 0
      ? readable(() => client.projectMembers(projectId, { ...options, perPage: PROJECT_MEMBERS_PAGE }))
      : undefined;
  return Promise.all(
    rules.map(async (rule): Promise<RuleApprovers> => {
      if (rule.user_id !== null) {
        const name = rule.access_level_description ?? `user ${rule.user_id}`;
        return { ruleId: rule.id, people: [{ name, username: '' }], total: 1 };
      }
      if (rule.group_id !== null) {
        const inherited = rule.group_inheritance_type === 1;
        const answer = await readable(() =>
          client.groupMembers(rule.group_id!, { ...options, inherited, perPage: APPROVERS_SHOWN }),
        );
        if ('unavailable' in answer) return { ruleId: rule.id, people: [], note: answer.unavailable };
        return {
          ruleId: rule.id,
          people: answer.items.map(person),
          total: answer.total,
          note: inherited ? 'members of the group and its parent groups' : 'direct members of the group',
        };
      }
      if (rule.access_level === AccessLevel.admin) {
        return { ruleId: rule.id, people: [], note: 'the instance’s administrators' };
      }
      const answer = await projectMembers!;
      if ('unavailable' in answer) return { ruleId: rule.id, people: [], note: answer.unavailable };
      const eligible = answer.items.filter((m) => m.access_level >= (rule.access_level ?? Infinity));
      const complete = answer.total === undefined || answer.total <= answer.items.length;
      return {
        ruleId: rule.id,
        people: eligible.slice(0, APPROVERS_SHOWN).map(person),
        total: complete ? eligible.length : undefined,
        note: complete ? undefined : `at least ${eligible.length}: the project has more members than were read`,
      };
    }),
  );
}

async function readable<T>(read: () => Promise<CountedPage<T>>): Promise<CountedPage<T> | { unavailable: string }> {
  try {
    return await read();
  } catch (error) {
    if (isGitLabError(error) && error.kind === 'cancelled') throw error;
    const hidden = isGitLabError(error) && (error.kind === 'forbidden' || error.kind === 'not-found');
    return { unavailable: hidden ? 'not visible to you' : 'could not be read' };
  }
}

function person(member: Member): BriefUser {
  return { name: member.name, username: member.username };
}
