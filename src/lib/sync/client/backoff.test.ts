import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  it('grows exponentially up to the cap, scaled by the random draw', () => {
    expect(backoffDelayMs(0, () => 0.999)).toBe(499);
    expect(backoffDelayMs(3, () => 0.5)).toBe(2000);
    expect(backoffDelayMs(50, () => 0.5)).toBe(30_000);
    expect(backoffDelayMs(5, () => 0)).toBe(0);
  });
});
