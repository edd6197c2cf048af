// Which exchange the transport uses: Node's here; the web build takes `defaultExchange.web.ts` (fetch's) in this
// module's place (scripts/build.mjs), so the desktop bundle never carries fetch's and the web one never imports Node.
export { nodeExchange as defaultExchange } from './httpExchange';
