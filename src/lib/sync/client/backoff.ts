/**
 * Delay before retry number `attempt` (0-based): "full jitter" exponential backoff — a random wait
 * between zero and min(cap, base·2^attempt), so devices that lost the server together do not all
 * come back in the same second.
 */
export const backoffDelayMs = (attempt: number, random: () => number = Math.random, { baseMs = 500, capMs = 60_000 } = {}): number =>
  Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30)));
