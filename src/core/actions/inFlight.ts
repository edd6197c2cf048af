/**
 * One action per deployment at a time. A second approve, reject or run on a deployment whose action is still under way
 * (a double click, the palette and the tree at once, an agent tool beside a person) is not sent: a second approval
 * POST would at best be refused and at worst count twice under different rules.
 */
export class ActionsInFlight {
  private readonly busy = new Set<string>();

  /** Claims the deployment; undefined when an action on it is already under way. Call the release when done. */
  claim(deploymentKey: string): (() => void) | undefined {
    if (this.busy.has(deploymentKey)) return undefined;
    this.busy.add(deploymentKey);
    let released = false;
    return () => {
      if (!released) this.busy.delete(deploymentKey);
      released = true;
    };
  }
}
