/** "45 s", "12 min", "2 h 5 min": a wait, said the same way everywhere. */
export function waitText(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/**
 * "1 min 2 s": a period the extension chose, said to the second below an hour, so that two different periods never
 * read the same ("every 1 min instead of every 1 min").
 */
export function periodText(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds >= 3_600) return waitText(ms);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest} s`;
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}
