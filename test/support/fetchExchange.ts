// `--require` hook for the unit suites that run a second time over the browser build's exchange (fetch): the module
// that picks the transport's exchange is answered with its `.web` sibling (fetch's) before anything loads it, exactly
// what the web bundle does at build time (scripts/build.mjs). The suites themselves are unchanged: one suite, two
// exchanges.
import Module from 'node:module';
import * as path from 'node:path';
import * as webExchange from '../../src/core/gitlab/transport/defaultExchange.web';

const defaultExchangeModule = path.join(
  __dirname,
  '..',
  '..',
  'src',
  'core',
  'gitlab',
  'transport',
  'defaultExchange.js',
);
const module_ = new Module(defaultExchangeModule);
module_.filename = defaultExchangeModule;
module_.loaded = true;
module_.exports = webExchange;
require.cache[defaultExchangeModule] = module_;
