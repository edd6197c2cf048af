// Which user approval rules name a service account or bot (an external gate, externalGates.ts): each rule's user is
// read once per session with `GET /users/:id`, whose `bot` is public to any signed-in user
// (docs/gitlab-behaviour.md#external-approvals). Until read, a rule's user counts as a person.

import { isGitLabError } from '../errors';
import type { CallOptions } from '../gitlab/client';
import type { DeploymentDetail } from '../gitlab/types';
import type { BotAccount } from '../approvals/externalGates';
import type { GitLabApi } from './gitlabApi';

/** At most this many users are read in one poll, so a project with many user rules spreads them over polls. */
const USERS_PER_POLL = 10;

export class RuleAccounts {
  /** User id → the bot it is, or null for a person (or a user GitLab does not show). */
  private readonly known = new Map<number, BotAccount | null>();
  private readonly botMap = new Map<number, BotAccount>();

  constructor(
    private readonly client: Pick<GitLabApi, 'user'>,
    /** Called when a rule's user turned out to be a bot: the views that hold its rules must be built again. */
    private readonly foundBots: () => void,
  ) {}

  get bots(): ReadonlyMap<number, BotAccount> {
    return this.botMap;
  }

  /**
   * Reads the users of the user rules in these details that are not known yet; the signed-in user (`self`) is never
   * asked for: a person's own rule is theirs to approve. A failed read is tried again on the next poll.
   */
  async read(details: Iterable<DeploymentDetail>, self: number | undefined, options: CallOptions): Promise<void> {
    const unknown = new Set<number>();
    for (const detail of details)
      for (const rule of detail.approval_summary?.rules ?? [])
        if (rule.user_id !== null && rule.user_id !== self && !this.known.has(rule.user_id)) unknown.add(rule.user_id);
    const found = await Promise.all(
      [...unknown].slice(0, USERS_PER_POLL).map((id) =>
        this.client.user(id, options).then(
          (user) => this.remember(id, user.bot === true ? { username: user.username, name: user.name } : null),
          (error: unknown) => {
            // A user GitLab does not show (404) cannot be told apart from a person; anything else is asked again.
            if (!isGitLabError(error) || error.kind === 'cancelled') throw error;
            if (error.kind === 'not-found') this.remember(id, null);
            return false;
          },
        ),
      ),
    );
    if (found.some(Boolean)) this.foundBots();
  }

  /** Whether the user is a bot. */
  private remember(userId: number, bot: BotAccount | null): boolean {
    this.known.set(userId, bot);
    if (bot) this.botMap.set(userId, bot);
    return bot !== null;
  }
}
