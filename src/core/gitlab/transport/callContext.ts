import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Per-call settings that gitbeaker's resource methods cannot carry (GITBEAKER.md §1.3: a `signal` option is sent as a
 * query parameter). The client runs each call inside `withCall`, and the request handler reads it back for every page
 * and retry of that call.
 */
export interface CallSettings {
  signal?: AbortSignal;
  timeoutMs?: number;
}

const storage = new AsyncLocalStorage<CallSettings>();

export function withCall<T>(settings: CallSettings, call: () => Promise<T>): Promise<T> {
  return storage.run(settings, call);
}

export function currentCall(): CallSettings {
  return storage.getStore() ?? {};
}
