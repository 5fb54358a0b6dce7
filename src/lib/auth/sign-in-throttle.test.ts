import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/api/errors';
import { MemoryRateLimitStore } from '@/lib/api/rate-limit/memory-store';
import type { RateLimitHit, RateLimitStore } from '@/lib/api/rate-limit/store';
import {
  addressBucket,
  createSignInThrottle,
  emailKey,
  SIGN_IN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
  SIGN_IN_WINDOW_MS,
  type TSignInAttempt,
} from './sign-in-throttle';

const clock = (start = 1_000_000) => {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

/** A memory store that remembers every key it was asked about. */
class RecordingStore implements RateLimitStore {
  readonly keys = new Set<string>();
  constructor(private readonly inner: RateLimitStore) {}
  hit(key: string, windowMs: number): Promise<RateLimitHit> {
    this.keys.add(key);
    return this.inner.hit(key, windowMs);
  }
}

const rejection = async (promise: Promise<unknown>): Promise<AppError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the attempt to be refused');
};

describe('emailKey', () => {
  it('is the SHA-256 of the trimmed, lowercased email', () => {
    expect(emailKey('  Jane.Doe@Example.COM ')).toBe(createHash('sha256').update('jane.doe@example.com').digest('hex'));
    expect(emailKey('jane.doe@example.com')).toBe(emailKey('JANE.DOE@example.com'));
  });
});

describe('addressBucket', () => {
  it('keeps IPv4 addresses and counts IPv6 per /64', () => {
    expect(addressBucket('203.0.113.9')).toBe('203.0.113.9');
    expect(addressBucket('2001:db8:0:1::1')).toBe('2001:0db8:0000:0001::/64');
    expect(addressBucket('2001:db8:0:1:ffff:ffff:ffff:ffff')).toBe('2001:0db8:0000:0001::/64');
    expect(addressBucket('2001:DB8:0:2::1')).toBe('2001:0db8:0000:0002::/64');
    expect(addressBucket('::1')).toBe('0000:0000:0000:0000::/64');
    expect(addressBucket('fe80::1%eth0')).toBe('fe80:0000:0000:0000::/64');
    expect(addressBucket('64:ff9b::192.0.2.1')).toBe('0064:ff9b:0000:0000::/64');
  });

  it('puts missing or unparseable addresses in one bucket', () => {
    expect(addressBucket(null)).toBe('unknown');
    expect(addressBucket('not an address')).toBe('unknown');
  });
});

describe('createSignInThrottle (memory store)', () => {
  const attempt: TSignInAttempt = { email: 'jane@example.com', address: '203.0.113.9' };

  it('refuses the 11th attempt after 10 failures, until the lock lapses', async () => {
    const time = clock();
    const throttle = createSignInThrottle({ store: new MemoryRateLimitStore({ now: time.now }), now: time.now });
    for (let i = 1; i <= SIGN_IN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      await throttle.assertSignInAllowed(attempt);
      time.advance(10);
      expect((await throttle.recordSignInFailure(attempt)).locked, `failure ${i}`).toBe(i === 10);
    }
    const error = await rejection(throttle.assertSignInAllowed(attempt));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterSeconds).toBe(SIGN_IN_WINDOW_MS / 1000);
    time.advance(60_000);
    expect((await rejection(throttle.assertSignInAllowed(attempt))).retryAfterSeconds).toBe(SIGN_IN_WINDOW_MS / 1000 - 60);
    time.advance(SIGN_IN_WINDOW_MS);
    await expect(throttle.assertSignInAllowed(attempt)).resolves.toBeUndefined();
  });

  it('does not count checks or successes, only failures', async () => {
    const time = clock();
    const throttle = createSignInThrottle({ store: new MemoryRateLimitStore({ now: time.now }), now: time.now });
    for (let i = 0; i < 50; i++) {
      await throttle.assertSignInAllowed(attempt);
      time.advance(5);
    }
    for (let i = 0; i < 9; i++) {
      await throttle.recordSignInFailure(attempt);
    }
    await expect(throttle.assertSignInAllowed(attempt)).resolves.toBeUndefined();
  });

  it('counts the same account however the email is typed, and IPv6 per /64', async () => {
    const time = clock();
    const throttle = createSignInThrottle({ store: new MemoryRateLimitStore({ now: time.now }), now: time.now });
    for (let i = 0; i < 10; i++) {
      time.advance(5);
      await throttle.recordSignInFailure({
        email: i % 2 === 0 ? ' Jane@Example.com' : 'jane@example.com ',
        address: `2001:db8:0:1::${i + 1}`,
      });
    }
    await expect(throttle.assertSignInAllowed({ email: 'JANE@example.com', address: '2001:db8:0:1::ffff' })).rejects.toThrow(
      AppError,
    );
    await expect(throttle.assertSignInAllowed({ email: 'jane@example.com', address: '2001:db8:0:2::1' })).resolves.toBeUndefined();
  });

  it('keeps emails and raw IPv6 host bits out of the counter keys', async () => {
    const store = new RecordingStore(new MemoryRateLimitStore());
    const throttle = createSignInThrottle({ store });
    await throttle.assertSignInAllowed({ email: 'Jane.Doe@example.com', address: '2001:db8::1234' });
    await throttle.recordSignInFailure({ email: 'Jane.Doe@example.com', address: '2001:db8::1234' });
    const keys = [...store.keys].join('\n');
    expect(keys).not.toMatch(/jane|example|@/i);
    expect(keys).not.toContain('1234');
    expect(keys).toContain(emailKey('jane.doe@example.com'));
  });

  it('does not mistake two simultaneous checks for a lock', async () => {
    const time = clock();
    const throttle = createSignInThrottle({ store: new MemoryRateLimitStore({ now: time.now }), now: time.now });
    // Same millisecond: the second probe lands in the first one's 1 ms window (count 2).
    await throttle.assertSignInAllowed(attempt);
    await expect(throttle.assertSignInAllowed(attempt)).resolves.toBeUndefined();
  });
});
