/*
 * The rate limiter's storage, behind one interface so that one process (memory) and many app
 * instances (PostgreSQL, DESIGN §9) count the same way.
 */

/** The state of one key's current window after a hit. */
export type RateLimitHit = {
  /** Hits in the current window, this one included. */
  count: number;
  /** When the current window ends (epoch milliseconds). */
  resetAt: number;
};

/**
 * A fixed-window counter store. `hit` counts one request for `key` and returns the window's count;
 * a key's first hit, or its first hit after the window ended, starts a new window of `windowMs`.
 */
export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<RateLimitHit>;
}
