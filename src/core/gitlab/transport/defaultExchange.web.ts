// The web build's `defaultExchange.ts` (scripts/build.mjs puts a `.web.ts` sibling in its module's place): the
// browser's fetch, since a web worker has no Node `http`.
export { fetchExchange as defaultExchange } from './fetchExchange';
