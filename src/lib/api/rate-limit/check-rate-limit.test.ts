import { describe, expect, it } from 'vitest';
import { checkRateLimit, createRateLimitStore, RATE_LIMIT_WINDOW_MS, rateLimitRule } from './check-rate-limit';
import { MemoryRateLimitStore } from './memory-store';
import { PostgresRateLimitStore } from './postgres-store';

const config = { rateLimit: { store: 'memory' as const, perUserPerMinute: 3, perAddressPerMinute: 5 } };

describe('rateLimitRule', () => {
  it('counts users and addresses under separate keys and limits', () => {
    expect(rateLimitRule({ kind: 'user', userId: 'u1' }, config)).toEqual({
      key: 'user:u1',
      limit: 3,
      windowMs: RATE_LIMIT_WINDOW_MS,
    });
    expect(rateLimitRule({ kind: 'address', address: '203.0.113.9' }, config)).toEqual({
      key: 'addr:203.0.113.9',
      limit: 5,
      windowMs: RATE_LIMIT_WINDOW_MS,
    });
  });
});

describe('checkRateLimit', () => {
  it('allows up to the limit, then refuses with the seconds until the window ends', async () => {
    let now = 5_000;
    const store = new MemoryRateLimitStore({ now: () => now });
    const rule = { key: 'k', limit: 2, windowMs: 10_000 };
    expect(await checkRateLimit(store, rule, now)).toMatchObject({ allowed: true, remaining: 1 });
    expect(await checkRateLimit(store, rule, now)).toMatchObject({ allowed: true, remaining: 0 });
    now += 2_500;
    expect(await checkRateLimit(store, rule, now)).toEqual({
      allowed: false,
      limit: 2,
      remaining: 0,
      resetAt: 15_000,
      retryAfterSeconds: 8, // 7.5 s rounded up
    });
  });

  it('never advises retrying in less than a second', async () => {
    const store = new MemoryRateLimitStore({ now: () => 0 });
    const decision = await checkRateLimit(store, { key: 'k', limit: 0, windowMs: 10 }, 10);
    expect(decision.retryAfterSeconds).toBe(1);
  });
});

describe('createRateLimitStore', () => {
  it('follows config.rateLimit.store', () => {
    expect(createRateLimitStore(config)).toBeInstanceOf(MemoryRateLimitStore);
    expect(createRateLimitStore({ rateLimit: { ...config.rateLimit, store: 'postgres' } })).toBeInstanceOf(
      PostgresRateLimitStore,
    );
  });
});
