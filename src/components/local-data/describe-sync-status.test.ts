import { describe, expect, it } from 'vitest';

import type { LocalSyncStatus } from '@/lib/local/browser/local-database';

import { describeSyncStatus, relativeTime } from './describe-sync-status';

const now = new Date('2026-11-25T12:00:00Z');

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

const describeAt = (value: LocalSyncStatus | null, browserOnline = true) => describeSyncStatus({ status: value, database: 'ready', browserOnline, now });

describe('describeSyncStatus', () => {
  it('says online, the pending count and when it last synced', () => {
    expect(describeAt(status({ pending: 2 }))).toMatchObject({ tone: 'ok', label: 'Online', pending: 2, lastSynced: 'synced 5 minutes ago', stale: false });
  });

  it('says offline when either the page or the leader tab is offline, keeping the pending count', () => {
    expect(describeAt(status({ pending: 2 }), false)).toMatchObject({ label: 'Offline', pending: 2 });
    expect(describeAt(status({ online: false }))).toMatchObject({ label: 'Offline', tone: 'warning' });
  });

  it('shows the rows downloaded during the first sync, and the percent when the server says how far it is', () => {
    const known = describeAt(status({ lastSyncedAt: null, phase: 'pulling', progress: { applied: 12_400, percent: 37 } }));
    expect(known).toMatchObject({ tone: 'busy', label: 'Downloading 12,400 rows · 37%', download: { rows: 12_400, percent: 37 } });
    const rowsOnly = describeAt(status({ lastSyncedAt: null, phase: 'pulling', progress: { applied: 1, percent: null } }));
    expect(rowsOnly).toMatchObject({ label: 'Downloading 1 row', download: { rows: 1, percent: null } });
    // Before the first answer: nothing yet, no percent.
    expect(describeAt(status({ lastSyncedAt: null, phase: 'pulling' }))).toMatchObject({ label: 'Downloading 0 rows', download: { rows: 0, percent: null } });
  });

  it('has no download progress once the first sync is done', () => {
    expect(describeAt(status({ phase: 'pulling', progress: { applied: 3, percent: 50 } }))).toMatchObject({ label: 'Syncing', download: null });
  });

  it('names the error in words', () => {
    const view = describeAt(status({ error: { kind: 'unauthenticated', message: 'x' } }));
    expect(view).toMatchObject({ tone: 'error', label: 'Sync problem' });
    expect(view.detail).toContain('Sign in again');
  });

  it('warns when unsynced changes are older than a day, and only then', () => {
    expect(describeAt(status({ pending: 1, oldestPendingAt: '2026-11-24T11:00:00Z' }))).toMatchObject({ tone: 'warning', stale: true });
    expect(describeAt(status({ pending: 1, oldestPendingAt: '2026-11-24T13:00:00Z' }))).toMatchObject({ tone: 'ok', stale: false });
    expect(describeAt(status({ pending: 1, oldestPendingAt: '2026-11-24T11:00:00Z' }), false).detail).toContain('more than a day');
  });

  it('reports a revoked device whatever the last status said', () => {
    expect(describeSyncStatus({ status: status(), database: 'revoked', browserOnline: true, now }).label).toBe('Access revoked');
  });
});

describe('relativeTime', () => {
  it.each([
    ['2026-11-25T11:59:40Z', 'just now'],
    ['2026-11-25T11:58:00Z', '2 minutes ago'],
    ['2026-11-25T09:00:00Z', '3 hours ago'],
    ['2026-11-24T12:00:00Z', 'yesterday'],
  ])('%s → %s', (at, text) => {
    expect(relativeTime(new Date(at), now)).toBe(text);
  });
});
