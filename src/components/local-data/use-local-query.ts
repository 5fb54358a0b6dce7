'use client';

import { useQuery, type Query, type QueryKey, type UseQueryOptions, type UseQueryResult } from '@tanstack/react-query';

import type { LocalDatabase } from '@/lib/local/browser/local-database';
import { LocalDbError } from '@/lib/local/browser/local-database';

import { useLocalData } from './local-data-context';

/*
 * Reading the device database through TanStack Query (CONVENTIONS §7). A local query names the
 * tables it reads; the provider invalidates exactly the queries whose tables a committed write or
 * pull changed, in any tab, so screens stay current without polling.
 */

const LOCAL = 'local';

type LocalQueryMeta = { localTables: readonly string[] };

/** The tables a query declared (none for queries that are not local). */
export const tablesOfQuery = (query: Query): readonly string[] => {
  const tables = (query.meta as Partial<LocalQueryMeta> | undefined)?.localTables;
  return Array.isArray(tables) ? tables : [];
};

type ExtraOptions<T> = Omit<UseQueryOptions<T, LocalDbError>, 'queryKey' | 'queryFn' | 'enabled' | 'meta'>;

/**
 * Runs `read` against the local database once it is open, and again whenever one of `tables`
 * changes. Disabled (pending) while the database is opening or unavailable.
 */
export const useLocalQuery = <T>(
  queryKey: QueryKey,
  tables: readonly string[],
  read: (db: LocalDatabase) => Promise<T>,
  options: ExtraOptions<T> = {},
): UseQueryResult<T, LocalDbError> => {
  const { state } = useLocalData();
  const db = state.kind === 'ready' ? state.db : null;
  return useQuery<T, LocalDbError>({
    ...options,
    queryKey: [LOCAL, ...queryKey],
    queryFn: () => {
      if (db === null) {
        throw new LocalDbError('not_open');
      }
      return read(db);
    },
    enabled: db !== null,
    meta: { localTables: tables } satisfies LocalQueryMeta,
  });
};
