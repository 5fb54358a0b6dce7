import type { SqlValue } from '@/lib/sync/client/sqlite/connection';

/*
 * The open-conflict count of the navigation's badge, apart from the inbox's queries: the sidebar is
 * part of every page's first load (DESIGN §8 budget), and the inbox's modules bring the patient
 * schemas (Zod) with them.
 */

/** A field of the conflict row `c` (JSON in `data`). */
export const conflictField = (name: string) => `json_extract(c.data, '$.${name}')`;

/** How many conflicts of the practice wait for a person (the navigation's badge). */
export const openConflictCountStatement = (practiceId: string) => ({
  sql: `select count(*) as n from conflicts c where c.practice_id = ? and ${conflictField('status')} = 'open' and ${conflictField('deletedAt')} is null`,
  params: [practiceId] as SqlValue[],
});
