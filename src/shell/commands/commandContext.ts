import type { RefreshEngine } from '../../core/refresh/engine';
import type { Instances } from '../instances';
import type { Log } from '../log';

/** What every command handler may use: the data, the signed-in clients and the log. */
export interface CommandContext {
  engine: RefreshEngine;
  instances: Instances;
  log: Log;
}
