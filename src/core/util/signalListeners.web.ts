/** The web build's `signalListeners.ts`: a browser's EventTarget has no listener limit to lift. */
export function allowManyListeners(_signal: AbortSignal): void {}
