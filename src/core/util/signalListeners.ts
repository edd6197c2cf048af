import { setMaxListeners } from 'node:events';

/**
 * Lets every request of a refresh listen to its one signal: Node warns past ten listeners on an AbortSignal (a leak
 * warning that is no leak here). The web build uses `signalListeners.web.ts`: a browser's EventTarget has no limit.
 */
export function allowManyListeners(signal: AbortSignal): void {
  setMaxListeners(0, signal);
}
