'use client';

import type { LocalSyncStatus } from '@/lib/local/browser/local-database';

import { useLocalData, type LocalDataState } from './local-data-context';

/** The sync status as the leader tab last reported it (null until known), and the database's state. */
export const useSyncStatus = (): { status: LocalSyncStatus | null; database: LocalDataState['kind'] } => {
  const { syncStatus, state } = useLocalData();
  return { status: syncStatus, database: state.kind };
};
