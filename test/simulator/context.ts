import type { Profile } from './profiles';
import type { SimState } from './state';

/** What every presenter and rule needs: the data, the active profile and the instance URL (for `web_url`s). */
export interface SimContext {
  state: SimState;
  profile: Profile;
  /** The instance URL including any base path, without a trailing slash, e.g. `http://127.0.0.1:8929/gitlab`. */
  webUrl: string;
}
