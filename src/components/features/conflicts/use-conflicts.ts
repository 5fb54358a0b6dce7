'use client';

import { useLocalQuery } from '@/components/local-data/use-local-query';

import { openConflictsStatement, resolvedConflictsStatement, toConflictEntries } from './conflict-queries';

/*
 * The conflict inbox read from the device database (CONVENTIONS §7): refreshed whenever a pull or a
 * local mutation touches `conflicts` (a new conflict, a resolution from any device) or `patients`
 * (the names), in this tab or another.
 */

const INBOX_TABLES = ['conflicts', 'patients'] as const;

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
