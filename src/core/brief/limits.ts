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

/** Limits a caller may lower or raise (the option would be useless typed as the literal defaults). */
export type BriefLimits = { readonly [K in keyof typeof BRIEF_LIMITS]: number };
