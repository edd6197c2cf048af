import type { ActionsInFlight } from '../../core/actions/inFlight';
import type { FollowedJob } from '../../core/follow/followedJob';
import type { JobSummary } from '../../core/gitlab/types';
import type { LocatedDeployment } from '../../core/refresh/snapshot';
import type { RefreshEngine } from '../../core/refresh/engine';
import type { Instances } from '../instances';
import type { Log } from '../log';

/** What every command handler may use: the data, the signed-in clients, the log and the actions under way. */
export interface CommandContext {
  engine: RefreshEngine;
  instances: Instances;
  log: Log;
  /** One approve, reject or run per deployment at a time, shared by the commands and the agent tools. */
  inFlight: ActionsInFlight;
  /** A job the action runner started: followed to its end (shell/followThrough). */
  onJobStarted?: (located: LocatedDeployment, job: JobSummary) => void;
  /** The jobs followed so far, and when they change (the deployment page says what became of its job). */
  followedJobs?: { all(): FollowedJob[]; onDidChange: (listener: () => void) => { dispose(): void } };
  /** Where a save dialog starts when no folder is open (the entry point's `Platform`: none in a browser). */
  homeFolder?: string;
}
