import type { LocalDatabase } from '@/lib/local/browser/local-database';

import type { UnsyncedWork } from './local-data-context';

/*
 * The one rule for deleting this browser's copy of the practice data (issue #6 §5), shared by the
 * shared-computer sign-out and "Remove this browser's data": work that has not reached the server
 * (pending) or that the server refused and that waits for review (rejected) is never deleted
 * silently. Pending changes first get a chance to sync; whatever is still there is counted, and the
 * caller refuses (or lets the person choose to keep it encrypted here).
 */

/** How long a wipe waits for pending changes to sync before it counts what is left. */
export const SYNC_BEFORE_WIPE_MS = 20_000;

const within = <T>(promise: Promise<T>, ms: number): Promise<T | null> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(null), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error('sync failed'));
      },
    );
  });

/**
 * What a wipe of `db` would destroy, after giving pending changes a chance to reach the server.
 * `unknown` when the database is locked (the outbox is inside the encrypted file) or unreadable.
 */
export const unsyncedWorkOf = async (db: Pick<LocalDatabase, 'getSyncStatus' | 'syncNow'> | null): Promise<UnsyncedWork> => {
  if (db === null) {
    return 'unknown';
  }
  try {
    let status = await db.getSyncStatus();
    if (status.pending > 0) {
      status = (await within(db.syncNow(), SYNC_BEFORE_WIPE_MS)) ?? (await db.getSyncStatus());
    }
    return { pending: status.pending, rejected: status.rejected };
  } catch {
    return 'unknown';
  }
};

/** Whether nothing would be lost by deleting the database. */
export const isAllSynced = (work: UnsyncedWork): boolean => work !== 'unknown' && work.pending + work.rejected === 0;

const changes = (count: number) => `${count} ${count === 1 ? 'change' : 'changes'}`;

/**
 * What is not on the server, in the person's words ("1 change hasn't reached the server yet."), or
 * null when the database could not be checked; the caller adds what the person can do about it.
 */
export const describeUnsyncedCounts = (work: UnsyncedWork): string | null => {
  if (work === 'unknown') {
    return null;
  }
  const parts: string[] = [];
  if (work.pending > 0) {
    parts.push(`${changes(work.pending)} ${work.pending === 1 ? "hasn't" : "haven't"} reached the server yet.`);
  }
  if (work.rejected > 0) {
    parts.push(`${changes(work.rejected)} refused by the server ${work.rejected === 1 ? 'waits' : 'wait'} for review.`);
  }
  return parts.join(' ');
};
