// Who can approve under each approval rule, resolved to names as far as the user may see them: a user rule names its
// user (GitLab's `access_level_description`), a group rule lists the group's members (direct, or with ancestors' when
// the rule counts inherited members), a role rule lists the project's members at that level or above. Bounded lists
// with a count. One request per group rule and one for all role rules. See docs/deployment-brief.md.
import { isGitLabError } from '../errors';
import type { CallOptions, GitLabClient } from '../gitlab/client';
import type { CountedPage, Member } from '../gitlab/repositoryTypes';
import { ruleAudience, ruleLabel } from '../approvals/rules';
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
  const audiences = rules.map(ruleAudience);
  const projectMembers = audiences.some((a) => a.kind === 'role' && a.minimumAccessLevel !== AccessLevel.admin)
    ? readable(() => client.projectMembers(projectId, { ...options, perPage: PROJECT_MEMBERS_PAGE }))
    : undefined;
  return Promise.all(
    rules.map(async (rule, i): Promise<RuleApprovers> => {
      const audience = audiences[i];
      const ruleId = rule.id;
      switch (audience.kind) {
        case 'user':
          return { ruleId, people: [{ name: ruleLabel(rule), username: '' }], total: 1 };
        case 'group': {
          const { groupId, inheritedMembers: inherited } = audience;
          const answer = await readable(() =>
            client.groupMembers(groupId, { ...options, inherited, perPage: APPROVERS_SHOWN }),
          );
          if ('unavailable' in answer) return { ruleId, people: [], note: answer.unavailable };
          return {
            ruleId,
            people: answer.items.map(person),
            total: answer.total,
            note: inherited ? 'members of the group and its parent groups' : 'direct members of the group',
          };
        }
        case 'role': {
          if (audience.minimumAccessLevel === AccessLevel.admin)
            return { ruleId, people: [], note: 'the instance’s administrators' };
          const answer = await projectMembers!;
          if ('unavailable' in answer) return { ruleId, people: [], note: answer.unavailable };
          const eligible = answer.items.filter((m) => m.access_level >= audience.minimumAccessLevel);
          const complete = answer.total === undefined || answer.total <= answer.items.length;
          return {
            ruleId,
            people: eligible.slice(0, APPROVERS_SHOWN).map(person),
            total: complete ? eligible.length : undefined,
            note: complete ? undefined : `at least ${eligible.length}: the project has more members than were read`,
          };
        }
        case 'nobody':
          return { ruleId, people: [], total: 0 };
      }
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
