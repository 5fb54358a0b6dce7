import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { isUniqueViolation } from '@/lib/db/errors';
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
import { recordChange } from '../change-log';
import type { ExecuteOutcome, MutationContext } from '../context';
import { recordConflict } from '../record-conflict';

/*
 * The server's side of the patient mutations (src/lib/sync/mutations/patients.ts): validation has
 * happened (Zod) and the permission is checked by the push; these enforce the domain rules, write,
 * record the change and audit it, all in the mutation's savepoint.
 */

const auditRequest = (ctx: MutationContext) => ({
  actorUserId: ctx.userId,
  occurredAt: ctx.occurredAt,
  requestId: ctx.request.requestId,
  ipAddress: ctx.request.ipAddress,
  userAgent: ctx.request.userAgent,
});

const syncMetadata = (ctx: MutationContext) => ({ clientId: ctx.clientId, mutationId: ctx.mutationId });

/** The patient's editable fields as stored text (the merge compares these). */
export const patientFieldValues = (row: Patient): Record<TPatientField, FieldValue> =>
  Object.fromEntries(PATIENT_FIELDS.map((field) => [field, (row[field] as FieldValue | undefined) ?? null])) as Record<
    TPatientField,
    FieldValue
  >;

/** The patient row, locked for the rest of the push transaction; null when not in this practice. */
export const lockPatient = async (ctx: MutationContext, patientId: string): Promise<Patient | null> => {
  const [row] = await ctx.tx
    .select()
    .from(patients)
    .where(and(eq(patients.practiceId, ctx.practiceId), eq(patients.id, patientId)))
    .for('update');
  return row ?? null;
};

/** Writes fields (and anything else in `patch`) at this transaction's version. */
export const writePatient = async (ctx: MutationContext, patientId: string, patch: Partial<typeof patients.$inferInsert>) => {
  await ctx.tx
    .update(patients)
    .set({ ...patch, version: ctx.version, updatedBy: ctx.userId, updatedAt: sql`now()` })
    .where(and(eq(patients.practiceId, ctx.practiceId), eq(patients.id, patientId)));
  await recordChange(ctx.tx, { practiceId: ctx.practiceId, table: 'patients', rowId: patientId, version: ctx.version, op: 'put' });
};

export const executeCreatePatient = async (ctx: MutationContext, args: TCreatePatient): Promise<ExecuteOutcome> => {
  const [sequence] = await ctx.tx
    .update(practices)
    .set({ mrnSeq: sql`${practices.mrnSeq} + 1` })
    .where(eq(practices.id, ctx.practiceId))
    .returning({ value: practices.mrnSeq });
  if (!sequence) {
    throw new AppError('NOT_FOUND');
  }
  const fields = Object.fromEntries(PATIENT_FIELDS.map((field) => [field, args[field] ?? null]));
  try {
    await ctx.tx.insert(patients).values({
      ...fields,
      givenName: args.givenName,
      familyName: args.familyName,
      dateOfBirth: args.dateOfBirth,
      sexAtBirth: args.sexAtBirth ?? 'unknown',
      id: args.id,
      practiceId: ctx.practiceId,
      mrn: formatMrn(sequence.value),
      version: ctx.version,
      createdBy: ctx.userId,
      updatedBy: ctx.userId,
    });
  } catch (error) {
    // The id names another record (of this practice or, invisibly, of another): refuse without
    // saying which (DESIGN §4: "rejects a reused id for another row").
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', 'This record id is already in use.');
    }
    throw error;
  }
  await recordChange(ctx.tx, { practiceId: ctx.practiceId, table: 'patients', rowId: args.id, version: ctx.version, op: 'put' });
  await appendAudit(ctx.tx, {
    practiceId: ctx.practiceId,
    action: 'patient.created',
    severity: 'info',
    targetType: 'patient',
    targetId: args.id,
    patientId: args.id,
    metadata: syncMetadata(ctx),
    ...auditRequest(ctx),
  });
  return { status: 'applied' };
};

export const executeUpdatePatient = async (ctx: MutationContext, args: TUpdatePatient): Promise<ExecuteOutcome> => {
  const row = await lockPatient(ctx, args.patientId);
  if (!row) {
    throw new AppError('NOT_FOUND', 'This patient was not found.');
  }
  const mine = args.changes as Record<string, FieldValue>;
  const base = args.base as Record<string, FieldValue>;
  if (row.deletedAt !== null || row.archivedAt !== null) {
    // Edited here, removed there (DESIGN §5): nothing is written until a person restores the
    // patient with these changes or confirms the removal.
    const conflictId = await recordConflict({
      tx: ctx.tx,
      practiceId: ctx.practiceId,
      version: ctx.version,
      entityTable: 'patients',
      entityId: row.id,
      reason: 'edit_after_delete',
      mutationName: ctx.mutationName,
      clientId: ctx.clientId,
      mutationId: ctx.mutationId,
      authorUserId: ctx.userId,
      mine,
      base,
      theirs: pick(patientFieldValues(row), Object.keys(mine)),
    });
    await auditUpdate(ctx, row.id, { applied: [], collided: Object.keys(mine), conflictId });
    return { status: 'conflict', reason: 'edit_after_delete', conflictId };
  }
  const { apply, collisions } = mergeFields({ base, mine, theirs: patientFieldValues(row) });
  if (Object.keys(apply).length > 0) {
    await writePatient(ctx, row.id, apply);
  }
  let conflictId: string | null = null;
  if (collisions.length > 0) {
    conflictId = await recordConflict({
      tx: ctx.tx,
      practiceId: ctx.practiceId,
      version: ctx.version,
      entityTable: 'patients',
      entityId: row.id,
      reason: 'field_collision',
      mutationName: ctx.mutationName,
      clientId: ctx.clientId,
      mutationId: ctx.mutationId,
      authorUserId: ctx.userId,
      mine: Object.fromEntries(collisions.map((c) => [c.field, c.mine])),
      theirs: Object.fromEntries(collisions.map((c) => [c.field, c.theirs])),
      base: Object.fromEntries(collisions.map((c) => [c.field, c.base])),
    });
  }
  if (Object.keys(apply).length > 0 || conflictId !== null) {
    await auditUpdate(ctx, row.id, { applied: Object.keys(apply), collided: collisions.map((c) => c.field), conflictId });
  }
  return conflictId === null ? { status: 'applied' } : { status: 'conflict', reason: 'field_collision', conflictId };
};

export const executeArchivePatient = async (ctx: MutationContext, args: TArchivePatient): Promise<ExecuteOutcome> => {
  const row = await lockPatient(ctx, args.patientId);
  if (!row || row.deletedAt !== null) {
    throw new AppError('NOT_FOUND', 'This patient was not found.');
  }
  if ((row.archivedAt !== null) === args.archived) {
    return { status: 'applied' }; // already so: nothing to write or audit
  }
  await writePatient(ctx, row.id, { archivedAt: args.archived ? ctx.occurredAt : null });
  await appendAudit(ctx.tx, {
    practiceId: ctx.practiceId,
    action: args.archived ? 'patient.archived' : 'patient.restored',
    severity: 'notice',
    targetType: 'patient',
    targetId: row.id,
    patientId: row.id,
    metadata: syncMetadata(ctx),
    ...auditRequest(ctx),
  });
  return { status: 'applied' };
};

const pick = (values: Record<string, FieldValue>, keys: readonly string[]) =>
  Object.fromEntries(keys.map((key) => [key, values[key] ?? null]));

/** Field names only, never values: the audit log is kept forever and read by auditors. */
const auditUpdate = (ctx: MutationContext, patientId: string, outcome: { applied: string[]; collided: string[]; conflictId: string | null }) =>
  appendAudit(ctx.tx, {
    practiceId: ctx.practiceId,
    action: 'patient.updated',
    severity: 'info',
    targetType: 'patient',
    targetId: patientId,
    patientId,
    metadata: {
      ...syncMetadata(ctx),
      fields: outcome.applied,
      conflictingFields: outcome.collided,
      conflictId: outcome.conflictId,
    },
    ...auditRequest(ctx),
  });
