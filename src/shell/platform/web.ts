import type { Platform } from './platform';

/** The browser's web worker extension host: no environment variables, no files of the machine, no CA file. */
export const webPlatform: Platform = {
  name: 'web',
  environment: {},
};
