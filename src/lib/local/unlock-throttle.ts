/*
 * Slowing down guesses at the offline unlock (issue #6 §5). The password-wrapped key already costs
 * ~0.5 s per guess (PBKDF2, 600k iterations), and someone holding the device could copy the
 * record and guess elsewhere, so this is not the control against a determined attacker: it keeps a
 * person at a shared screen from trying password after password. The first few mistakes are free
 * (typos); after that each wrong password doubles the wait.
 *
 * Pure state plus a sessionStorage home, so a reload does not reset the count (a new tab does: the
 * cost of PBKDF2 remains).
 */

export type UnlockThrottle = {
  /** Wrong passwords since the last successful unlock. */
  failures: number;
  /** Epoch milliseconds before which no attempt is allowed, or null. */
  retryAt: number | null;
};

/** Wrong passwords allowed before the first wait. */
export const FREE_ATTEMPTS = 5;
const FIRST_WAIT_MS = 30_000;
const LONGEST_WAIT_MS = 15 * 60_000;

export const NO_THROTTLE: UnlockThrottle = { failures: 0, retryAt: null };

/** The state after one more wrong password at `now`: the fifth waits 30 s, each later one twice as long (at most 15 min). */
export const afterWrongPassword = (throttle: UnlockThrottle, now: number): UnlockThrottle => {
  const failures = throttle.failures + 1;
  if (failures < FREE_ATTEMPTS) {
    return { failures, retryAt: null };
  }
  const wait = Math.min(FIRST_WAIT_MS * 2 ** (failures - FREE_ATTEMPTS), LONGEST_WAIT_MS);
  return { failures, retryAt: now + wait };
};

/** Milliseconds to wait before the next attempt (0: go ahead). */
export const waitBeforeAttempt = (throttle: UnlockThrottle, now: number): number => Math.max(0, (throttle.retryAt ?? 0) - now);

const storageKey = (userId: string) => `openpractice-unlock-throttle:${userId}`;

const parse = (text: string | null): UnlockThrottle => {
  if (text === null) {
    return NO_THROTTLE;
  }
  try {
    const value = JSON.parse(text) as Partial<UnlockThrottle>;
    const failures = typeof value.failures === 'number' && Number.isInteger(value.failures) && value.failures >= 0 ? value.failures : 0;
    const retryAt = typeof value.retryAt === 'number' && Number.isFinite(value.retryAt) ? value.retryAt : null;
    return { failures, retryAt };
  } catch {
    return NO_THROTTLE;
  }
};

/** Where the throttle lives: sessionStorage in the browser (any Storage-like object in tests). */
export const createStoredThrottle = (storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>, userId: string) => ({
  read: (): UnlockThrottle => parse(storage.getItem(storageKey(userId))),
  wrongPassword: (now: number): UnlockThrottle => {
    const next = afterWrongPassword(parse(storage.getItem(storageKey(userId))), now);
    storage.setItem(storageKey(userId), JSON.stringify(next));
    return next;
  },
  unlocked: (): void => storage.removeItem(storageKey(userId)),
});
