// Which exchange the transport uses: Node's here; the browser build replaces this module with fetch's
// (scripts/build.mjs, `webExchange`), so the desktop bundle never carries fetch's and the web one never imports Node.
export { nodeExchange as defaultExchange } from './httpExchange';
