import type { ActionsInFlight } from '../../core/actions/inFlight';
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
}
