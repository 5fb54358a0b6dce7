'use client';

import { createContext, useContext } from 'react';

import type { LocalDatabase, LocalSyncStatus } from '@/lib/local/browser/local-database';

/** Where the device database is, as the screens see it. */
export type LocalDataState =
  | { kind: 'opening' }
  | { kind: 'ready'; db: LocalDatabase }
  /** The server revoked this device: its database was wiped. */
  | { kind: 'revoked' }
  /** It could not be opened; `reason` picks what to tell the person. */
  | { kind: 'failed'; reason: 'offline' | 'signed_out' | 'unavailable' };

export type LocalDataContextValue = {
  state: LocalDataState;
  /** The leader's sync status, once known. */
  syncStatus: LocalSyncStatus | null;
  userId: string;
  /** The practice the shell shows (the top bar's), whose data the screens read. */
  practiceId: string | null;
};

export const LocalDataContext = createContext<LocalDataContextValue | null>(null);

export const useLocalData = (): LocalDataContextValue => {
  const value = useContext(LocalDataContext);
  if (value === null) {
    throw new Error('useLocalData outside LocalDataProvider');
  }
  return value;
};
