import type { SqlValue } from '@/lib/sync/client/sqlite/connection';

import { conflictField as field } from './conflict-count';
import { patientDisplayName, type LocalConflict } from './conflict-view';

/*
 * The conflict inbox's reads of the device database: synced `conflicts` rows (JSON in `data`), each
 * with the patient it is about from the local `patients` table, for the name: the conflict's entity
 * for a patient's, the patient the change named for an appointment's. Browser-safe SQL text
 * and parameters, run by the page's LocalDatabase or a Node replica in tests.
 */


/** A conflict and the name of its patient (null when the device holds no such patient). */
export type ConflictEntry = { conflict: LocalConflict; patientName: string | null };

const listStatement = (practiceId: string, status: 'open' | 'resolved', orderBy: string, limit: number) => ({
  sql: `select c.data as data, p.data as patient from conflicts c
    left join patients p on p.practice_id = c.practice_id and p.id = coalesce(${field('mine.patientId')}, ${field('entityId')})
    where c.practice_id = ? and ${field('status')} = ? and ${field('deletedAt')} is null
    order by ${orderBy} desc, c.id desc limit ?`,
  params: [practiceId, status, limit] as SqlValue[],
});

/** The practice's open conflicts, newest first. */
export const openConflictsStatement = (practiceId: string, limit = 200) => listStatement(practiceId, 'open', field('createdAt'), limit);

/** The practice's most recently resolved conflicts, latest resolution first. */
export const resolvedConflictsStatement = (practiceId: string, limit = 20) =>
  listStatement(practiceId, 'resolved', `coalesce(${field('resolvedAt')}, ${field('updatedAt')})`, limit);

/**
 * Rows of the list statements as entries. A refused creation never made a patient row, so its name
 * comes from the fields it carried.
 */
export const toConflictEntries = (rows: readonly { data: SqlValue; patient: SqlValue }[]): ConflictEntry[] =>
  rows.map((row) => {
    const conflict = JSON.parse(String(row.data)) as LocalConflict;
    const patient = row.patient === null ? null : (JSON.parse(String(row.patient)) as Record<string, unknown>);
    return { conflict, patientName: patientDisplayName(patient) ?? (conflict.mutationName === 'patients.create' ? patientDisplayName(conflict.mine) : null) };
  });
