/** How much a brief shows and asks for: bounded so a long range costs a handful of requests and stays readable. */
export const BRIEF_LIMITS = {
  /** Commits listed before "and N more". */
  commitsShown: 20,
  /** Commits whose merge requests are looked up (one request each), newest mainline commits first. */
  mergeRequestLookups: 8,
  /** Recent deployments of the environment read for "superseded" and "usual branch". */
  recentDeployments: 20,
  /** Successful deployments that must agree on a ref before another ref is called unusual. */
  usualRefMinimum: 3,
} as const;

export type BriefLimits = typeof BRIEF_LIMITS;
