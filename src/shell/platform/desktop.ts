import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import { usableCaPem } from '../../core/gitlab/transport/caFilePem';
import type { Platform } from './platform';

/** The desktop and remote extension hosts (Node): the environment-variable sign-in and CA files exist. */
export const desktopPlatform: Platform = {
  name: 'desktop',
  environment: process.env,
  readCaFile: async (path) => usableCaPem(await readFile(path, 'utf8')),
  homeFolder: os.homedir(),
};
