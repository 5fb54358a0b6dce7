'use client';

import * as React from 'react';

import type { LocalSyncStatus } from '@/lib/local/browser/local-database';

import { useLocalData, type LocalDataState } from './local-data-context';

/** This tab's part in the device database: it holds the file and runs sync, or asks the tab that does. */
export type LocalDbRole = 'leader' | 'follower';

const noSubscription = () => () => undefined;

/**
 * The sync status as the leader tab last reported it (null until known), the database's state, and
 * this tab's role (null until the database is open). The role changes when the leader tab closes
 * and this one takes over.
 */
export const useSyncStatus = (): { status: LocalSyncStatus | null; database: LocalDataState['kind']; role: LocalDbRole | null } => {
  const { syncStatus, state } = useLocalData();
  const db = state.kind === 'ready' ? state.db : null;
  const subscribe = React.useCallback((onChange: () => void) => (db ? db.onLeaderChange(onChange) : noSubscription()), [db]);
  const role = React.useSyncExternalStore(
    subscribe,
    () => (db ? (db.isLeader() ? 'leader' : 'follower') : null),
    () => null,
  );
  return { status: syncStatus, database: state.kind, role };
};
