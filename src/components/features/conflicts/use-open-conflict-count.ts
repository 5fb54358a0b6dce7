'use client';

import { useLocalData } from '@/components/local-data/local-data-context';
import { useLocalQuery } from '@/components/local-data/use-local-query';

import { openConflictCountStatement } from './conflict-count';

const COUNT_TABLES = ['conflicts'] as const;

/** How many conflicts of the shell's practice are open on this device (0 while unknown). */
export const useOpenConflictCount = (): number => {
  const { practiceId } = useLocalData();
  const count = useLocalQuery(['conflicts', 'count', practiceId], COUNT_TABLES, async (db) => {
    if (practiceId === null) {
      return 0;
    }
    const { sql, params } = openConflictCountStatement(practiceId);
    return Number((await db.get<{ n: number }>(sql, params))?.n ?? 0);
  });
  return count.data ?? 0;
};
