import 'server-only';
import type { AppConfig } from '@/lib/config/env';
import { getDatabase } from '@/lib/db/client';
import { getLogger } from '@/lib/observability/logger';
import { MemoryRateLimitStore } from './memory-store';
import { PostgresRateLimitStore } from './postgres-store';
import type { RateLimitStore } from './store';

/** Every limit in the configuration is per minute. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/** Who is counted: the signed-in user, or the client's address. */
export type RateLimitSubject = { kind: 'user'; userId: string } | { kind: 'address'; address: string };

export type RateLimitRule = { key: string; limit: number; windowMs: number };

/**
 * The key and limit for a subject. The route wrapper counts a signed-in request against both its
 * user and its address. The per-address limit is the higher one: a clinic's whole staff often
 * shares one public address (NAT), and the address limit must not throttle the practice as a
 * whole when one screen is busy.
 */
export const rateLimitRule = (subject: RateLimitSubject, config: Pick<AppConfig, 'rateLimit'>): RateLimitRule => {
  switch (subject.kind) {
    case 'user':
      return { key: `user:${subject.userId}`, limit: config.rateLimit.perUserPerMinute, windowMs: RATE_LIMIT_WINDOW_MS };
    case 'address':
      return { key: `addr:${subject.address}`, limit: config.rateLimit.perAddressPerMinute, windowMs: RATE_LIMIT_WINDOW_MS };
  }
};

export type RateLimitDecision = {
  allowed: boolean;
  limit: number;
  /** Hits left in this window (0 once the limit is reached). */
  remaining: number;
  /** End of the current window (epoch milliseconds). */
  resetAt: number;
  /** Whole seconds until the window ends, at least 1: the `Retry-After` value. */
  retryAfterSeconds: number;
};

/** Counts one hit against `rule` and says whether the request may proceed. */
export const checkRateLimit = async (
  store: RateLimitStore,
  rule: RateLimitRule,
  now: number = Date.now(),
): Promise<RateLimitDecision> => {
  const { count, resetAt } = await store.hit(rule.key, rule.windowMs);
  return {
    allowed: count <= rule.limit,
    limit: rule.limit,
    remaining: Math.max(0, rule.limit - count),
    resetAt,
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
  };
};

/** The store named by `config.rateLimit.store`. */
export const createRateLimitStore = (config: Pick<AppConfig, 'rateLimit'>): RateLimitStore => {
  switch (config.rateLimit.store) {
    case 'memory':
      return new MemoryRateLimitStore();
    case 'postgres':
      return new PostgresRateLimitStore({
        database: getDatabase,
        onCleanupError: (error) => getLogger().warn({ err: error }, 'rate limit: sweeping expired counters failed'),
      });
  }
};

// On globalThis for the same reason as the database singleton: Next.js may evaluate this module
// more than once per process (one bundle per route, hot reload), and a memory store per copy
// would divide every limit among the copies.
const store = globalThis as typeof globalThis & { __openpracticeRateLimitStore?: RateLimitStore };

/** The process's rate limit store, created from configuration on first use. */
export const getRateLimitStore = (config: Pick<AppConfig, 'rateLimit'>): RateLimitStore => {
  store.__openpracticeRateLimitStore ??= createRateLimitStore(config);
  return store.__openpracticeRateLimitStore;
};
