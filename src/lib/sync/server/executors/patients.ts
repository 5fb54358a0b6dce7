import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { AppError } from '@/lib/api/errors';
import { appendAuditEntries, type AppendAuditEntry } from '@/lib/audit/append-audit';
import { queryRows } from '@/lib/db/client';
import { insertJsonRows } from '@/lib/db/json-rows';
import { patients, type Patient } from '@/lib/db/schema/patients';
import { practices } from '@/lib/db/schema/practices';
import {
  formatMrn,
  PATIENT_FIELDS,
  type TArchivePatient,
  type TCreatePatient,
  type TPatientField,
  type TUpdatePatient,
} from '@/lib/domain/patients/schemas';
import { mergeFields, type FieldValue } from '../../merge';
import { changeLogFrom } from '../change-log';
import type { ItemOutcome, RunContext, RunItem } from '../context';
import { newConflictId, recordConflicts, type ConflictRecord } from '../record-conflict';

/*
 * The server's side of the patient mutations (src/lib/sync/mutations/patients.ts). Validation has
 * happened (Zod) and the permission is checked by the caller; these enforce the domain rules, write,
 * record the change and audit it.
 *
 * Set-based (DESIGN §8 push budget): a run of hundreds of mutations is decided in JavaScript against
 * rows read (and locked) once, mutation after mutation in order — a later edit of the same patient
 * sees the earlier one — and then written with one statement per kind of write. A refused mutation
 * is decided before anything is written, so it writes nothing.
 */

const notFound = (): ItemOutcome => ({ status: 'refused', error: new AppError('NOT_FOUND', 'This patient was not found.') });

const auditOf = (ctx: RunContext, item: RunItem<unknown>, entry: Pick<AppendAuditEntry, 'action' | 'severity' | 'targetId'> & { metadata?: Record<string, string[] | string | null> }): AppendAuditEntry => ({
  practiceId: ctx.practiceId,
  action: entry.action,
  severity: entry.severity,
  targetType: 'patient',
  targetId: entry.targetId,
  patientId: entry.targetId,
  actorUserId: ctx.userId,
  occurredAt: item.occurredAt,
  requestId: ctx.request.requestId,
  ipAddress: ctx.request.ipAddress,
  userAgent: ctx.request.userAgent,
  // Identifiers and field names only, never values: the audit log is kept forever and read by auditors.
  metadata: { clientId: ctx.clientId, mutationId: item.mutationId, ...entry.metadata },
});

const conflictOf = (
  ctx: RunContext,
  item: RunItem<unknown>,
  conflict: Pick<ConflictRecord, 'entityId' | 'reason' | 'mine' | 'theirs' | 'base'>,
): ConflictRecord => ({
  ...conflict,
  id: newConflictId(),
  practiceId: ctx.practiceId,
  version: ctx.version,
  entityTable: 'patients',
  mutationName: ctx.mutationName,
  clientId: ctx.clientId,
  mutationId: item.mutationId,
  authorUserId: ctx.userId,
});

/** The patient's editable fields as stored text (the merge compares these). */
export const patientFieldValues = (row: Patient): Record<TPatientField, FieldValue> =>
  Object.fromEntries(PATIENT_FIELDS.map((field) => [field, (row[field] as FieldValue | undefined) ?? null])) as Record<
    TPatientField,
    FieldValue
  >;

/**
 * The patients of this practice among `ids`, locked for the rest of the transaction, keyed by id in
 * lower case (how PostgreSQL returns a uuid; a device may send either case).
 */
export const lockPatients = async (ctx: RunContext, ids: readonly string[]): Promise<Map<string, Patient>> => {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  const rows =
    unique.length === 0
      ? []
      : await ctx.tx
          .select()
          .from(patients)
          .where(and(eq(patients.practiceId, ctx.practiceId), inArray(patients.id, unique)))
          .for('update');
  return new Map(rows.map((row) => [row.id, row]));
};

/** One patient row, locked; null when not in this practice. */
export const lockPatient = async (ctx: RunContext, patientId: string): Promise<Patient | null> =>
  (await lockPatients(ctx, [patientId])).get(patientId.toLowerCase()) ?? null;

/** What a write may change: the fields and the archive mark. */
const WRITABLE = [...PATIENT_FIELDS, 'archivedAt'] as const satisfies readonly (keyof Patient)[];
const columnOf = (key: keyof Patient): PgColumn => patients[key] as PgColumn;
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
// The record type of the JSON payload and the SET list, built once from the schema so a new field
// needs no edit here.
const RECORD_TYPE = sql.raw(['id uuid', ...WRITABLE.map((key) => `${quoted(columnOf(key).name)} ${columnOf(key).getSQLType()}`)].join(', '));
const SET_LIST = sql.raw(WRITABLE.map((key) => `${quoted(columnOf(key).name)} = v.${quoted(columnOf(key).name)}`).join(', '));

/**
 * Writes the rows' fields and archive mark as they are now in memory, at this transaction's version,
 * and their change log entries, in one statement (rows travel as one JSON parameter).
 */
export const writePatients = async (ctx: RunContext, rows: readonly Patient[]): Promise<void> => {
  if (rows.length === 0) {
    return;
  }
  const payload = rows.map((row) => {
    const record: Record<string, unknown> = { id: row.id };
    for (const key of WRITABLE) {
      const value = row[key];
      record[columnOf(key).name] = value instanceof Date ? value.toISOString() : (value ?? null);
    }
    return record;
  });
  await ctx.tx.execute(sql`
    with written as (
      update ${patients} as p
      set ${SET_LIST}, "version" = ${ctx.version}, "updated_by" = ${ctx.userId}, "updated_at" = now()
      from json_to_recordset(${JSON.stringify(payload)}::json) as v(${RECORD_TYPE})
      where p."practice_id" = ${ctx.practiceId} and p."id" = v."id"
      returning p."id"
    ),
    logged as (${changeLogFrom(sql`select ${ctx.practiceId}::uuid, 'patients', "id", ${ctx.version}::bigint, 'put' from written`)})
    select count(*) from written`);
};

/** One patient's changed fields (the conflict resolution's write). */
export const writePatient = (ctx: RunContext, row: Patient, patch: Partial<Pick<Patient, (typeof WRITABLE)[number]>>) =>
  writePatients(ctx, [{ ...row, ...patch }]);

export const executeCreatePatients = async (ctx: RunContext, items: readonly RunItem<TCreatePatient>[]): Promise<ItemOutcome[]> => {
  // The id names another record (of this practice, of another — invisibly — or earlier in this
  // run): refuse without saying which (DESIGN §4: "rejects a reused id for another row").
  const idInUse = (): ItemOutcome => ({ status: 'refused', error: new AppError('CONFLICT', 'This record id is already in use.') });
  // Until a row proves otherwise (an AppError, with its stack, only where one is refused).
  const outcomes: (ItemOutcome | null)[] = items.map(() => null);
  const seen = new Set<string>();
  const fresh = [...items.entries()].filter(([, item]) => {
    const id = item.args.id.toLowerCase();
    const first = !seen.has(id);
    seen.add(id);
    return first;
  });
  if (fresh.length === 0) {
    return outcomes.map((outcome) => outcome ?? idInUse());
  }
  // MRNs for the whole run in one step. A create refused below for its id leaves a gap in the
  // numbers, which an MRN may have (it identifies; it does not count).
  const [sequence] = await ctx.tx
    .update(practices)
    .set({ mrnSeq: sql`${practices.mrnSeq} + ${fresh.length}` })
    .where(eq(practices.id, ctx.practiceId))
    .returning({ value: practices.mrnSeq });
  if (!sequence) {
    throw new AppError('NOT_FOUND');
  }
  const firstMrn = sequence.value - fresh.length + 1;
  const rows = fresh.map(([, { args }], position) => ({
    ...Object.fromEntries(PATIENT_FIELDS.map((field) => [field, args[field] ?? null])),
    givenName: args.givenName,
    familyName: args.familyName,
    dateOfBirth: args.dateOfBirth,
    sexAtBirth: args.sexAtBirth ?? 'unknown',
    id: args.id,
    practiceId: ctx.practiceId,
    mrn: formatMrn(firstMrn + position),
    version: ctx.version,
    createdBy: ctx.userId,
    updatedBy: ctx.userId,
  }));
  // A taken id is a refusal, decided per row below; any other violation is a bug and aborts the
  // push. The change log entries of the rows inserted come in the same statement.
  const inserted = await queryRows<{ id: string }>(
    ctx.tx,
    sql`with inserted as (${insertJsonRows(patients, rows)} on conflict ("id") do nothing returning "id"),
      logged as (${changeLogFrom(sql`select ${ctx.practiceId}::uuid, 'patients', "id", ${ctx.version}::bigint, 'put' from inserted`)})
      select "id" from inserted`,
  );
  const insertedIds = new Set(inserted.map((row) => row.id.toLowerCase()));
  const audits: AppendAuditEntry[] = [];
  for (const [index, item] of fresh) {
    if (!insertedIds.has(item.args.id.toLowerCase())) {
      continue; // stays refused
    }
    outcomes[index] = { status: 'applied' };
    audits.push(auditOf(ctx, item, { action: 'patient.created', severity: 'info', targetId: item.args.id }));
  }
  await appendAuditEntries(ctx.tx, audits);
  return outcomes.map((outcome) => outcome ?? idInUse());
};

export const executeUpdatePatients = async (ctx: RunContext, items: readonly RunItem<TUpdatePatient>[]): Promise<ItemOutcome[]> => {
  const current = await lockPatients(
    ctx,
    items.map((item) => item.args.patientId),
  );
  const dirty = new Map<string, Patient>();
  const conflicts: ConflictRecord[] = [];
  const audits: AppendAuditEntry[] = [];

  const outcomes = items.map((item): ItemOutcome => {
    const row = current.get(item.args.patientId.toLowerCase());
    if (!row) {
      return notFound();
    }
    const mine = item.args.changes as Record<string, FieldValue>;
    const base = item.args.base as Record<string, FieldValue>;
    const audit = (applied: string[], collided: string[], conflictId: string | null) =>
      auditOf(ctx, item, { action: 'patient.updated', severity: 'info', targetId: row.id, metadata: { fields: applied, conflictingFields: collided, conflictId } });
    if (row.deletedAt !== null || row.archivedAt !== null) {
      // Edited here, removed there (DESIGN §5): nothing is written until a person restores the
      // patient with these changes or confirms the removal.
      const conflict = conflictOf(ctx, item, { entityId: row.id, reason: 'edit_after_delete', mine, base, theirs: pick(patientFieldValues(row), Object.keys(mine)) });
      conflicts.push(conflict);
      audits.push(audit([], Object.keys(mine), conflict.id));
      return { status: 'conflict', reason: 'edit_after_delete', conflictId: conflict.id };
    }
    const { apply, collisions } = mergeFields({ base, mine, theirs: patientFieldValues(row) });
    const applied = Object.keys(apply);
    if (applied.length > 0) {
      Object.assign(row, apply); // later mutations of this run see this one
      dirty.set(row.id, row);
    }
    if (collisions.length === 0) {
      if (applied.length > 0) {
        audits.push(audit(applied, [], null));
      }
      return { status: 'applied' };
    }
    const conflict = conflictOf(ctx, item, {
      entityId: row.id,
      reason: 'field_collision',
      mine: Object.fromEntries(collisions.map((c) => [c.field, c.mine])),
      theirs: Object.fromEntries(collisions.map((c) => [c.field, c.theirs])),
      base: Object.fromEntries(collisions.map((c) => [c.field, c.base])),
    });
    conflicts.push(conflict);
    audits.push(audit(applied, collisions.map((c) => c.field), conflict.id));
    return { status: 'conflict', reason: 'field_collision', conflictId: conflict.id };
  });

  await writePatients(ctx, [...dirty.values()]);
  await recordConflicts(ctx.tx, conflicts);
  await appendAuditEntries(ctx.tx, audits);
  return outcomes;
};

export const executeArchivePatients = async (ctx: RunContext, items: readonly RunItem<TArchivePatient>[]): Promise<ItemOutcome[]> => {
  const current = await lockPatients(
    ctx,
    items.map((item) => item.args.patientId),
  );
  const dirty = new Map<string, Patient>();
  const audits: AppendAuditEntry[] = [];
  const outcomes = items.map((item): ItemOutcome => {
    const row = current.get(item.args.patientId.toLowerCase());
    if (!row || row.deletedAt !== null) {
      return notFound();
    }
    if ((row.archivedAt !== null) === item.args.archived) {
      return { status: 'applied' }; // already so: nothing to write or audit
    }
    row.archivedAt = item.args.archived ? item.occurredAt : null;
    dirty.set(row.id, row);
    audits.push(
      auditOf(ctx, item, { action: item.args.archived ? 'patient.archived' : 'patient.restored', severity: 'notice', targetId: row.id }),
    );
    return { status: 'applied' };
  });
  await writePatients(ctx, [...dirty.values()]);
  await appendAuditEntries(ctx.tx, audits);
  return outcomes;
};

const pick = (values: Record<string, FieldValue>, keys: readonly string[]) =>
  Object.fromEntries(keys.map((key) => [key, values[key] ?? null]));
