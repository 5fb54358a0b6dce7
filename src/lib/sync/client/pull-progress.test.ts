import { describe, expect, it } from 'vitest';

import type { TPullResponse } from '../protocol/pull';
import { createPullProgress } from './pull-progress';

const A = '018f0000-0000-7000-8000-00000000000a';
const B = '018f0000-0000-7000-8000-00000000000b';

const answer = (overrides: Partial<TPullResponse>): TPullResponse => ({
  changes: [],
  resets: [],
  revoked: [],
  cursors: {},
  hasMore: true,
  lastMutationId: 0,
  ...overrides,
});

describe('createPullProgress', () => {
  it('is unknown before any answer', () => {
    expect(createPullProgress().percent()).toBeNull();
  });

  it('measures each practice from where the loop started to its head, over all practices', () => {
    const progress = createPullProgress();
    // A was at 100 of 300; B new, head 100.
    progress.record(answer({ cursors: { [A]: 150, [B]: 0 }, heads: { [A]: 300, [B]: 100 } }), { [A]: 100 });
    expect(progress.percent()).toBe(Math.floor((50 * 100) / 300));
    progress.record(answer({ cursors: { [A]: 300, [B]: 60 }, heads: { [A]: 300, [B]: 100 } }), { [A]: 150, [B]: 0 });
    expect(progress.percent()).toBe(Math.floor((260 * 100) / 300));
    progress.record(answer({ cursors: { [A]: 300, [B]: 100 }, heads: { [A]: 300, [B]: 100 }, hasMore: false }), { [A]: 300, [B]: 60 });
    expect(progress.percent()).toBe(100);
  });

  it('rounds down, so 100 means caught up', () => {
    const progress = createPullProgress();
    progress.record(answer({ cursors: { [A]: 999 }, heads: { [A]: 1000 } }), {});
    expect(progress.percent()).toBe(99);
  });

  it('counts a reset practice from 0 and keeps the newest head when writes arrive meanwhile', () => {
    const progress = createPullProgress();
    progress.record(answer({ cursors: { [A]: 50 }, heads: { [A]: 100 }, resets: [A] }), { [A]: 80 });
    expect(progress.percent()).toBe(50);
    progress.record(answer({ cursors: { [A]: 100 }, heads: { [A]: 200 } }), { [A]: 50 });
    expect(progress.percent()).toBe(50);
  });

  it('is unknown for the whole loop once a server answers without heads', () => {
    const progress = createPullProgress();
    progress.record(answer({ cursors: { [A]: 10 }, heads: { [A]: 20 } }), {});
    progress.record(answer({ cursors: { [A]: 20 } }), { [A]: 10 });
    expect(progress.percent()).toBeNull();
  });

  it('is unknown when there is nothing to pull', () => {
    const progress = createPullProgress();
    progress.record(answer({ cursors: { [A]: 7 }, heads: { [A]: 7 }, hasMore: false }), { [A]: 7 });
    expect(progress.percent()).toBeNull();
  });
});
