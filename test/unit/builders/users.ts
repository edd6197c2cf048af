import type { UserBasic } from '../../../src/core/gitlab/types';

const userIds = new Map<string, number>();

/** A user whose display name is the username capitalised (`alice` → `Alice`); the same username always gets the same id. */
export function aUser(username: string, name = username.charAt(0).toUpperCase() + username.slice(1)): UserBasic {
  let id = userIds.get(username);
  if (id === undefined) {
    id = 100 + userIds.size;
    userIds.set(username, id);
  }
  return {
    id,
    username,
    name,
    state: 'active',
    locked: false,
    avatar_url: null,
    web_url: `https://gitlab.example.com/${username}`,
    public_email: null,
  };
}

export const alice = aUser('alice');
export const bob = aUser('bob');
export const carol = aUser('carol');
export const dave = aUser('dave');
export const root = aUser('root', 'Administrator');
