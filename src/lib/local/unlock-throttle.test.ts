import { describe, expect, it } from 'vitest';
import { afterWrongPassword, createStoredThrottle, FREE_ATTEMPTS, NO_THROTTLE, waitBeforeAttempt, type UnlockThrottle } from './unlock-throttle';

const memoryStorage = () => {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
};

const wrong = (times: number, now: number, from: UnlockThrottle = NO_THROTTLE): UnlockThrottle => {
  let throttle = from;
  for (let i = 0; i < times; i++) {
    throttle = afterWrongPassword(throttle, now);
  }
  return throttle;
};

describe('unlock throttle', () => {
  it('lets the first mistakes through, then waits 30 s at the fifth and twice as long at each later one', () => {
    const now = 1_000_000;
    expect(waitBeforeAttempt(wrong(FREE_ATTEMPTS - 1, now), now)).toBe(0);
    expect(waitBeforeAttempt(wrong(FREE_ATTEMPTS, now), now)).toBe(30_000);
    expect(waitBeforeAttempt(wrong(FREE_ATTEMPTS + 1, now), now)).toBe(60_000);
    expect(waitBeforeAttempt(wrong(FREE_ATTEMPTS + 2, now), now)).toBe(120_000);
    // Capped at 15 minutes however many guesses.
    expect(waitBeforeAttempt(wrong(FREE_ATTEMPTS + 40, now), now)).toBe(15 * 60_000);
  });

  it('counts the wait down with the clock', () => {
    const throttle = wrong(FREE_ATTEMPTS, 0);
    expect(waitBeforeAttempt(throttle, 10_000)).toBe(20_000);
    expect(waitBeforeAttempt(throttle, 30_000)).toBe(0);
    expect(waitBeforeAttempt(throttle, 90_000)).toBe(0);
  });

  it('keeps the count in storage per person (a reload does not reset it) and clears it on a successful unlock', () => {
    const storage = memoryStorage();
    const a = createStoredThrottle(storage, 'a');
    const b = createStoredThrottle(storage, 'b');
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      a.wrongPassword(0);
    }
    // A fresh handle reads what the last page left.
    expect(waitBeforeAttempt(createStoredThrottle(storage, 'a').read(), 0)).toBe(30_000);
    expect(b.read()).toEqual(NO_THROTTLE);
    a.unlocked();
    expect(a.read()).toEqual(NO_THROTTLE);
  });

  it('reads damaged storage as no throttle rather than failing the unlock screen', () => {
    const storage = memoryStorage();
    storage.setItem('openpractice-unlock-throttle:a', '{not json');
    expect(createStoredThrottle(storage, 'a').read()).toEqual(NO_THROTTLE);
    storage.setItem('openpractice-unlock-throttle:a', JSON.stringify({ failures: -3, retryAt: 'soon' }));
    expect(createStoredThrottle(storage, 'a').read()).toEqual(NO_THROTTLE);
  });
});
