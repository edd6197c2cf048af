/**
 * `run` once, `ms` after the last of a burst of calls (settings and secrets change in pairs; new deployments arrive a
 * few at a time). `cancel` drops a call still waiting, for dispose.
 */
export function debounce(run: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const debounced = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      run();
    }, ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}
