import 'server-only';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { AppError } from '@/lib/api/errors';
import { getRateLimitStore } from '@/lib/api/rate-limit/check-rate-limit';
import type { RateLimitStore } from '@/lib/api/rate-limit/store';
import { getConfig } from '@/lib/config/env';

/*
 * Password-guessing throttle for sign-in (DESIGN §6, issue #4).
 *
 * - Ten failures on one account from one address block that pair for 15 minutes. The key holds
 *   the address, so an attacker guessing from elsewhere cannot lock the real user out: the user's
 *   own address has its own counter.
 * - A much higher limit per address across all accounts (100 failures in 15 minutes) stops one
 *   address from spraying a common password over many accounts, ten tries each. A clinic's staff
 *   usually share one public address (NAT), hence the generous figure.
 * - IPv6 addresses are counted per /64, the block one subscriber or host usually owns: counting
 *   single addresses would give an attacker 2^64 fresh counters for free.
 * - The email is trimmed, lowercased and SHA-256 hashed in the key, so the counter table never
 *   holds email addresses. (A hash of a known email can be recomputed; the point is not to store
 *   or log them in clear, and rows live 15 minutes.) Unknown emails are counted like real ones, so
 *   the throttle itself never reveals whether an account exists.
 *
 * Counters live in the rate limit store (`src/lib/api/rate-limit`): memory for one instance,
 * PostgreSQL when several share a database. That store only has `hit` (count one and return the
 * window), no read without counting and no delete. So:
 *
 * - the check before the password is read does not touch the failure counters (successful
 *   sign-ins must not count). When a failure reaches a limit, a separate *lock* key is hit with a
 *   15-minute window; the check probes the lock key with a 1 ms window. No lock: the probe starts
 *   a 1 ms window that lapses at once (count 1). Lock: the probe lands in the live 15-minute window
 *   (count ≥ 2, ending far in the future) → refused with its Retry-After. A lock hit that lands in
 *   a concurrent probe's 1 ms window would lapse with it; `recordSignInFailure` notices (the lock
 *   ends before the failure window) and sets it again once the probe's window is over.
 * - a successful sign-in does not reset the counters (there is no delete). With a 15-minute fixed
 *   window that costs a legitimate user at most the failures already spent in the window.
 *
 * Store errors propagate (the sign-in fails with a 500) rather than failing open: sign-in needs
 * the database anyway, and failing open here would switch off the brute-force protection.
 */

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** Failures allowed per (account, address) pair per window; the next attempt is refused. */
export const SIGN_IN_FAILURES_PER_ACCOUNT_AND_ADDRESS = 10;
/** Failures allowed per address across all accounts per window. */
export const SIGN_IN_FAILURES_PER_ADDRESS = 100;

/** The probe's window: short enough to lapse before the next sign-in attempt can arrive. */
const PROBE_WINDOW_MS = 1;
/**
 * A lock must outlive the probe by this much to count: tells a real lock from a concurrent
 * probe's window (two probes within 1 ms). A lock with less than this left is let go early.
 * This compares the store's window end with this process's clock: a database clock more than a
 * second ahead could turn two simultaneous probes into a one-second refusal, nothing worse.
 */
const LOCK_SLACK_MS = 1_000;

/** Attempts at setting a lock that a concurrent probe's window absorbed (see recordSignInFailure). */
const LOCK_TRIES = 3;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const BLOCKED_MESSAGE = 'Too many failed sign-in attempts. Please wait a few minutes and try again.';

/** One sign-in attempt: the email as typed and the client's address (null when unknown). */
export type TSignInAttempt = { email: string; address: string | null };

export type TSignInFailureOutcome = {
  /** Whether this failure reached a limit, so the next attempt will be refused. */
  locked: boolean;
};

/** The email as counted: trimmed, lowercased, SHA-256 (hex). */
export const emailKey = (email: string): string => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

const expandIpv6 = (address: string): string[] | null => {
  const withoutZone = address.split('%')[0] ?? '';
  const [head = '', tail, ...more] = withoutZone.split('::');
  if (more.length > 0) {
    return null;
  }
  const groups = (part: string): string[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) {
            return [group];
          }
          // An embedded IPv4 tail (64:ff9b::192.0.2.1) is two groups.
          const octets = group.split('.').map(Number);
          const hex = (a = 0, b = 0) => ((a << 8) | b).toString(16);
          return [hex(octets[0], octets[1]), hex(octets[2], octets[3])];
        });
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 0) {
    return null;
  }
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) => group.padStart(4, '0').toLowerCase());
};

/**
 * The bucket an address is counted in: an IPv4 address as is, an IPv6 address as its /64
 * (`2001:0db8:0000:0001::/64`), anything unparseable (or no address) as `unknown`.
 */
export const addressBucket = (address: string | null): string => {
  if (address === null) {
    // Only when the server could not tell the client's address; they then share one bucket.
    return 'unknown';
  }
  switch (isIP(address.split('%')[0] ?? '')) {
    case 4:
      return address;
    case 6: {
      const groups = expandIpv6(address);
      return groups === null ? 'unknown' : `${groups.slice(0, 4).join(':')}::/64`;
    }
    default:
      return 'unknown';
  }
};

type Limit = { failureKey: string; lockKey: string; limit: number };

const limitsFor = ({ email, address }: TSignInAttempt): Limit[] => {
  const bucket = addressBucket(address);
  const account = `${emailKey(email)}:${bucket}`;
  return [
    {
      failureKey: `signin:fail:acct:${account}`,
      lockKey: `signin:lock:acct:${account}`,
      limit: SIGN_IN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
    },
    { failureKey: `signin:fail:addr:${bucket}`, lockKey: `signin:lock:addr:${bucket}`, limit: SIGN_IN_FAILURES_PER_ADDRESS },
  ];
};

export type SignInThrottle = {
  /**
   * Throws `AppError('RATE_LIMITED', …, { retryAfterSeconds })` when the pair or the address is
   * locked. Call it before looking up the account or checking the password, for every attempt.
   */
  assertSignInAllowed: (attempt: TSignInAttempt) => Promise<void>;
  /**
   * Counts a failed attempt: wrong password, unknown email, deactivated member — every case that
   * answers "invalid email or password". Not for a wrong TOTP code (it has its own limit).
   */
  recordSignInFailure: (attempt: TSignInAttempt) => Promise<TSignInFailureOutcome>;
};

export type SignInThrottleOptions = {
  store: RateLimitStore;
  /** Clock for Retry-After, for tests. */
  now?: () => number;
};

/** A throttle on `store`; the functions below use the process's configured store. */
export const createSignInThrottle = ({ store, now = Date.now }: SignInThrottleOptions): SignInThrottle => ({
  assertSignInAllowed: async (attempt) => {
    const probes = await Promise.all(limitsFor(attempt).map(({ lockKey }) => store.hit(lockKey, PROBE_WINDOW_MS)));
    const at = now();
    const remainingMs = probes
      .filter(({ count, resetAt }) => count >= 2 && resetAt - at > LOCK_SLACK_MS)
      .map(({ resetAt }) => resetAt - at);
    if (remainingMs.length > 0) {
      throw new AppError('RATE_LIMITED', BLOCKED_MESSAGE, {
        retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...remainingMs) / 1000)),
      });
    }
  },
  recordSignInFailure: async (attempt) => {
    const outcomes = await Promise.all(
      limitsFor(attempt).map(async ({ failureKey, lockKey, limit }) => {
        const failures = await store.hit(failureKey, SIGN_IN_WINDOW_MS);
        if (failures.count < limit) {
          return false;
        }
        for (let tries = 0; tries < LOCK_TRIES; tries++) {
          // A new lock runs a full window from this failure; a live one keeps its end.
          const lock = await store.hit(lockKey, SIGN_IN_WINDOW_MS);
          // A lock set in this failure window ends no earlier than the window (it started later
          // and lasts as long). Ending earlier means the hit landed in a probe's 1 ms window and
          // would lapse with it: wait for that window to end and set the lock again. Both times
          // come from the store's clock, so app and database clocks need not agree.
          if (lock.resetAt >= failures.resetAt) {
            break;
          }
          await sleep(PROBE_WINDOW_MS + 1);
        }
        return true;
      }),
    );
    return { locked: outcomes.some(Boolean) };
  },
});

const processThrottle = (): SignInThrottle => createSignInThrottle({ store: getRateLimitStore(getConfig()) });

/** `SignInThrottle.assertSignInAllowed` on the process's rate limit store. */
export const assertSignInAllowed = (attempt: TSignInAttempt): Promise<void> => processThrottle().assertSignInAllowed(attempt);

/** `SignInThrottle.recordSignInFailure` on the process's rate limit store. */
export const recordSignInFailure = (attempt: TSignInAttempt): Promise<TSignInFailureOutcome> =>
  processThrottle().recordSignInFailure(attempt);
