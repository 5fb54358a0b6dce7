'use client';

import { useLocalData } from '@/components/local-data/local-data-context';
import { useLocalQuery } from '@/components/local-data/use-local-query';

import { openConflictCountStatement, openConflictsStatement, resolvedConflictsStatement, toConflictEntries } from './conflict-queries';

/*
 * The conflict inbox read from the device database (CONVENTIONS §7): refreshed whenever a pull or a
 * local mutation touches `conflicts` (a new conflict, a resolution from any device) or `patients`
 * (the names), in this tab or another.
 */

const INBOX_TABLES = ['conflicts', 'patients'] as const;
const COUNT_TABLES = ['conflicts'] as const;

/** The practice's open conflicts (newest first) and its recently resolved ones. */
export const useConflictInbox = (practiceId: string) =>
  useLocalQuery(['conflicts', 'inbox', practiceId], INBOX_TABLES, async (db) => {
    const open = openConflictsStatement(practiceId);
    const resolved = resolvedConflictsStatement(practiceId);
    const [openRows, resolvedRows] = await Promise.all([
      db.all<{ data: string; patient: string | null }>(open.sql, open.params),
      db.all<{ data: string; patient: string | null }>(resolved.sql, resolved.params),
    ]);
    return { open: toConflictEntries(openRows), resolved: toConflictEntries(resolvedRows) };
  });

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
