/**
 * Exponential backoff with "full jitter" (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * wait a uniformly random time in [0, min(cap, base · 2^attempt)). The randomness spreads the shops of
 * a whole city that lost the internet at once, so they do not all hit the cloud in the same second.
 */
export function backoffDelay(attempt: number, random: () => number, baseMs = 1000, capMs = 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
