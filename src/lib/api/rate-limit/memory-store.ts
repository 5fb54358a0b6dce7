import type { RateLimitHit, RateLimitStore } from './store';

export type MemoryRateLimitStoreOptions = {
  /** Most keys held at once (default 10 000). */
  maxKeys?: number;
  /** Clock, for tests. */
  now?: () => number;
};

type Window = { count: number; resetAt: number };

/**
 * Fixed-window counters in this process's memory: right for one instance (the embedded default),
 * wrong behind a load balancer, where each instance would count alone (use the PostgreSQL store).
 *
 * Memory stays bounded: expired windows are swept when the map reaches `maxKeys` (and every
 * `maxKeys` hits otherwise); if every key is still live, the oldest window is dropped. Dropping a
 * live window forgets that key's count — a flood of distinct keys (spoofed addresses) can buy an
 * early reset for some key, which is the price of not letting that flood exhaust memory.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, Window>();
  private readonly maxKeys: number;
  private readonly now: () => number;
  private hitsSinceSweep = 0;

  constructor({ maxKeys = 10_000, now = Date.now }: MemoryRateLimitStoreOptions = {}) {
    if (!Number.isInteger(maxKeys) || maxKeys < 1) {
      throw new RangeError('MemoryRateLimitStore: maxKeys must be a positive integer');
    }
    this.maxKeys = maxKeys;
    this.now = now;
  }

  /** Keys currently held (for tests and metrics). */
  get size(): number {
    return this.windows.size;
  }

  hit(key: string, windowMs: number): Promise<RateLimitHit> {
    return Promise.resolve(this.hitSync(key, windowMs));
  }

  private hitSync(key: string, windowMs: number): RateLimitHit {
    const now = this.now();
    this.hitsSinceSweep++;
    if (this.hitsSinceSweep >= this.maxKeys) {
      this.sweep(now);
    }
    const current = this.windows.get(key);
    if (current !== undefined && current.resetAt > now) {
      current.count++;
      return { count: current.count, resetAt: current.resetAt };
    }
    if (current !== undefined) {
      // Re-inserted below so that Map order stays "oldest window first" for eviction.
      this.windows.delete(key);
    } else if (this.windows.size >= this.maxKeys) {
      this.sweep(now);
      if (this.windows.size >= this.maxKeys) {
        const oldest = this.windows.keys().next();
        if (oldest.done !== true) {
          this.windows.delete(oldest.value);
        }
      }
    }
    const fresh = { count: 1, resetAt: now + windowMs };
    this.windows.set(key, fresh);
    return { ...fresh };
  }

  /** Drops every expired window. */
  sweep(now: number = this.now()): void {
    this.hitsSinceSweep = 0;
    for (const [key, window] of this.windows) {
      if (window.resetAt <= now) {
        this.windows.delete(key);
      }
    }
  }
}
