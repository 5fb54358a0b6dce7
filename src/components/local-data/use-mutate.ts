'use client';

import * as React from 'react';

import { LocalDbError } from '@/lib/local/browser/local-database';

import { useLocalData } from './local-data-context';

/**
 * A named mutation of the sync engine (src/lib/sync/mutations): applied to the device database at
 * once, pushed when the network allows. Answers the mutation id; fails with a LocalDbError
 * (`invalid_mutation` with `fields`, or `not_open` before the database is ready).
 */
export const useMutate = (): ((name: string, args: unknown) => Promise<number>) => {
  const { state } = useLocalData();
  const db = state.kind === 'ready' ? state.db : null;
  return React.useCallback(
    (name: string, args: unknown) => (db === null ? Promise.reject(new LocalDbError('not_open')) : db.mutate(name, args)),
    [db],
  );
};
