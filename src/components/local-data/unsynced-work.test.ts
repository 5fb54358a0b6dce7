import { afterEach, describe, expect, it, vi } from 'vitest';

import type { LocalSyncStatus } from '@/lib/local/browser/local-database';

import { describeUnsyncedCounts, isAllSynced, SYNC_BEFORE_WIPE_MS, unsyncedWorkOf } from './unsynced-work';

const status = (overrides: Partial<LocalSyncStatus> = {}): LocalSyncStatus => ({
  phase: 'idle',
  pending: 0,
  rejected: 0,
  lastSyncedAt: '2026-11-25T11:55:00Z',
  oldestPendingAt: null,
  error: null,
  progress: null,
  running: true,
  online: true,
  pokes: 'open',
  ...overrides,
});

/** A database whose outbox holds `pending` changes; its syncNow answers what `syncNow` gives. */
const database = (pending: number, syncNow: () => Promise<LocalSyncStatus>) => {
  let synced: LocalSyncStatus | null = null;
  const calls = { syncNow: 0 };
  return {
    calls,
    db: {
      getSyncStatus: () => Promise.resolve(synced ?? status({ pending })),
      syncNow: async () => {
        calls.syncNow += 1;
        synced = await syncNow();
        return synced;
      },
    },
  };
};

afterEach(() => {
  vi.useRealTimers();
});

describe('unsyncedWorkOf', () => {
  it('answers the counts without syncing when nothing is pending', async () => {
    const { db, calls } = database(0, () => Promise.resolve(status()));
    expect(await unsyncedWorkOf(db)).toEqual({ pending: 0, rejected: 0 });
    expect(calls.syncNow).toBe(0);
  });

  it('lets pending changes sync first and counts what is left', async () => {
    const sent = database(2, () => Promise.resolve(status({ pending: 0, rejected: 1 })));
    expect(await unsyncedWorkOf(sent.db)).toEqual({ pending: 0, rejected: 1 });
    expect(sent.calls.syncNow).toBe(1);
    const stuck = database(2, () => Promise.resolve(status({ pending: 2 })));
    expect(await unsyncedWorkOf(stuck.db)).toEqual({ pending: 2, rejected: 0 });
  });

  it('stops waiting for a sync that does not finish and counts the outbox as it is', async () => {
    vi.useFakeTimers();
    const { db } = database(3, () => new Promise<LocalSyncStatus>(() => undefined));
    const work = unsyncedWorkOf(db);
    await vi.advanceTimersByTimeAsync(SYNC_BEFORE_WIPE_MS);
    expect(await work).toEqual({ pending: 3, rejected: 0 });
  });

  it('is unknown for a locked or unreadable database', async () => {
    expect(await unsyncedWorkOf(null)).toBe('unknown');
    expect(await unsyncedWorkOf({ getSyncStatus: () => Promise.reject(new Error('closed')), syncNow: () => Promise.reject(new Error('closed')) })).toBe(
      'unknown',
    );
  });
});

describe('isAllSynced', () => {
  it('is true only when nothing is pending or waiting for review', () => {
    expect(isAllSynced({ pending: 0, rejected: 0 })).toBe(true);
    expect(isAllSynced({ pending: 1, rejected: 0 })).toBe(false);
    expect(isAllSynced({ pending: 0, rejected: 1 })).toBe(false);
    expect(isAllSynced('unknown')).toBe(false);
  });
});

describe('describeUnsyncedCounts', () => {
  it('says how many changes and why, in the singular and plural', () => {
    expect(describeUnsyncedCounts({ pending: 1, rejected: 0 })).toBe("1 change hasn't reached the server yet.");
    expect(describeUnsyncedCounts({ pending: 2, rejected: 1 })).toBe(
      "2 changes haven't reached the server yet. 1 change refused by the server waits for review.",
    );
    expect(describeUnsyncedCounts({ pending: 0, rejected: 3 })).toBe('3 changes refused by the server wait for review.');
    expect(describeUnsyncedCounts('unknown')).toBeNull();
  });
});
