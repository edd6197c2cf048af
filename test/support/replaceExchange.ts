// Answers the module that picks the transport's exchange (src/core/gitlab/transport/defaultExchange) with another
// before anything loads it, as the web build does at build time. For `--require` hooks and the bench, never for the
// product.
import Module from 'node:module';
import * as path from 'node:path';
import type { Exchange } from '../../src/core/gitlab/transport/exchange';

export function replaceDefaultExchange(defaultExchange: Exchange): void {
  const file = path.join(__dirname, '..', '..', 'src', 'core', 'gitlab', 'transport', 'defaultExchange.js');
  const replacement = new Module(file);
  replacement.filename = file;
  replacement.loaded = true;
  replacement.exports = { defaultExchange };
  require.cache[file] = replacement;
}
