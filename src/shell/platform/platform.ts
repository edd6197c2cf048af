/**
 * What differs between where the extension runs, chosen once by the entry point: `src/extension.ts` (the desktop and
 * remote extension hosts, Node) hands `desktopPlatform`, `src/extension.web.ts` (the browser's web worker) hands
 * `webPlatform`. Nothing else asks where it runs. What the web lacks is also hidden in package.json (`isWeb`).
 */
export interface Platform {
  /** For the log's activation line. */
  readonly name: 'desktop' | 'web';
  /**
   * The variables of the environment-variable sign-in (`GITLAB_APPROVALS_TOKEN`, `GITLAB_APPROVALS_URL`): the
   * process's on the desktop, none in a browser (a web page has no environment).
   */
  readonly environment: Readonly<Record<string, string | undefined>>;
  /**
   * Reads and checks a CA file (`gitlabApprovals.caFile`); throws what is wrong with it. Absent in a browser, which
   * trusts what the browser trusts: the setting is hidden there and ignored.
   */
  readonly readCaFile?: (path: string) => Promise<string>;
  /** Where a save dialog starts when no folder is open: the user's home on the desktop; a browser has none. */
  readonly homeFolder?: string;
}
