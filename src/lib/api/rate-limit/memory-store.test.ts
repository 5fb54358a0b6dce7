import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from './memory-store';

const clock = (start = 1_000_000) => {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

describe('MemoryRateLimitStore', () => {
  it('counts hits per key within a fixed window', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now });
    expect(await store.hit('a', 60_000)).toEqual({ count: 1, resetAt: 1_060_000 });
    expect(await store.hit('a', 60_000)).toEqual({ count: 2, resetAt: 1_060_000 });
    expect(await store.hit('b', 60_000)).toEqual({ count: 1, resetAt: 1_060_000 });
    time.advance(59_999);
    expect((await store.hit('a', 60_000)).count).toBe(3);
  });

  it('starts a new window once the old one has ended', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now });
    await store.hit('a', 1_000);
    await store.hit('a', 1_000);
    time.advance(1_000);
    expect(await store.hit('a', 1_000)).toEqual({ count: 1, resetAt: time.now() + 1_000 });
  });

  it('never holds more than maxKeys keys, dropping expired windows first', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ maxKeys: 3, now: time.now });
    await store.hit('old', 1_000);
    time.advance(10);
    await store.hit('live-1', 60_000);
    await store.hit('live-2', 60_000);
    time.advance(1_000); // 'old' has expired
    await store.hit('new', 60_000);
    expect(store.size).toBe(3);
    // The live windows kept their counts: 'old' was the one dropped.
    expect((await store.hit('live-1', 60_000)).count).toBe(2);
    expect((await store.hit('live-2', 60_000)).count).toBe(2);
  });

  it('when every window is live, drops the oldest to stay bounded', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ maxKeys: 2, now: time.now });
    await store.hit('first', 60_000);
    await store.hit('second', 60_000);
    await store.hit('third', 60_000);
    expect(store.size).toBe(2);
    expect((await store.hit('second', 60_000)).count).toBe(2);
    expect((await store.hit('first', 60_000)).count).toBe(1); // forgotten, so counted afresh
  });

  it('stays bounded under a flood of distinct keys', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ maxKeys: 100, now: time.now });
    for (let i = 0; i < 10_000; i++) {
      await store.hit(`addr:${i}`, 60_000);
      time.advance(1);
    }
    expect(store.size).toBeLessThanOrEqual(100);
  });

  it('sweep drops only expired windows', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now });
    await store.hit('short', 100);
    await store.hit('long', 10_000);
    time.advance(100);
    store.sweep();
    expect(store.size).toBe(1);
    expect((await store.hit('long', 10_000)).count).toBe(2);
  });

  it('refuses a nonsensical size', () => {
    expect(() => new MemoryRateLimitStore({ maxKeys: 0 })).toThrow(RangeError);
  });
});
