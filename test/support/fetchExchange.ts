// `--require` hook for the unit suites that run a second time over the browser build's exchange (fetch): the module
// that picks the transport's exchange is answered with its `.web` sibling (fetch's) before anything loads it, exactly
// what the web bundle does at build time (scripts/build.mjs). The suites themselves are unchanged: one suite, two
// exchanges.
import { defaultExchange } from '../../src/core/gitlab/transport/defaultExchange.web';
import { replaceDefaultExchange } from './replaceExchange';

replaceDefaultExchange(defaultExchange);
