import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { AppError, validationError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { can } from '@/lib/auth/permissions';
import { conflicts, type Conflict } from '@/lib/db/schema/sync';
import { ZPatientFields } from '@/lib/domain/patients/schemas';
import type { TBookAppointment, TRescheduleAppointment } from '@/lib/domain/scheduling/schemas';
import { allowedResolutions, retriedMutation, type TResolveConflict } from '../../mutations/conflicts';
import type { TSyncedTable } from '../../protocol/tables';
import { TABLE_WRITE_PERMISSION } from '../scope';
import { bookAppointmentMutation } from '../../mutations/scheduling';
import { executeBookAppointment, executeRescheduleAppointment } from './appointments';
import { recordChange } from '../change-log';
import type { ExecuteOutcome, MutationContext } from '../context';
import { lockPatient, writePatient } from './patients';

const lockConflict = async (ctx: MutationContext, conflictId: string): Promise<Conflict | null> => {
  const [row] = await ctx.tx
    .select()
    .from(conflicts)
    .where(and(eq(conflicts.practiceId, ctx.practiceId), eq(conflicts.id, conflictId)))
    .for('update');
  return row ?? null;
};

/** Values a person chose for a patient: validated like any patient edit. */
const patientValues = (values: Record<string, unknown>) => {
  const parsed = ZPatientFields.partial().strict().safeParse(values);
  if (!parsed.success) {
    throw validationError(parsed.error, 'The chosen values are invalid.');
  }
  return parsed.data;
};

export const executeResolveConflict = async (ctx: MutationContext, args: TResolveConflict): Promise<ExecuteOutcome> => {
  const conflict = await lockConflict(ctx, args.conflictId);
  if (!conflict) {
    throw new AppError('NOT_FOUND', 'This conflict was not found.');
  }
  if (conflict.status === 'resolved') {
    // Someone resolved it first; their choice stands and reaches this device with the next pull.
    return { status: 'applied' };
  }
  // Settling a conflict takes the right to change what it is about.
  if (!can(ctx.role, TABLE_WRITE_PERMISSION[conflict.entityTable as TSyncedTable] ?? 'patients.write')) {
    throw new AppError('FORBIDDEN');
  }
  const retried = retriedMutation(conflict, args);
  const allowed = allowedResolutions(conflict.reason);
  // Values are written back only to a patient, or by booking again.
  const writes = args.resolution === 'keep_mine' || args.resolution === 'merged';
  if (!allowed.includes(args.resolution) || (writes && !retried && conflict.entityTable !== 'patients')) {
    throw new AppError('VALIDATION_FAILED', 'This resolution does not apply to this conflict.', {
      fields: [{ path: 'resolution', message: `expected one of ${allowed.join(', ')}` }],
    });
  }
  if (retried) {
    // Booked (or moved) again through the mutation's own executor, with all its checks: a slot taken
    // again answers a new conflict, and this one is settled either way.
    const outcome = await retryInSlot(ctx, retried);
    await markResolved(ctx, conflict, args);
    return outcome;
  }
  const values = args.resolution === 'keep_mine' ? patientValues(conflict.mine) : args.resolution === 'merged' ? patientValues(args.values ?? {}) : null;
  if (values !== null && conflict.entityId !== null) {
    const patient = await lockPatient(ctx, conflict.entityId);
    if (!patient || patient.deletedAt !== null) {
      throw new AppError('NOT_FOUND', 'This patient was not found.');
    }
    await writePatient(ctx, patient, { ...values, ...(conflict.reason === 'edit_after_delete' ? { archivedAt: null } : {}) });
  }
  await markResolved(ctx, conflict, args);
  return { status: 'applied' };
};

/** Settles the conflict with the person's choice, at this version, audited. */
const markResolved = async (ctx: MutationContext, conflict: Conflict, args: TResolveConflict): Promise<void> => {
  await ctx.tx
    .update(conflicts)
    .set({
      status: 'resolved',
      resolution: args.resolution,
      resolvedBy: ctx.userId,
      resolvedAt: sql`now()`,
      version: ctx.version,
      updatedBy: ctx.userId,
      updatedAt: sql`now()`,
    })
    .where(and(eq(conflicts.practiceId, ctx.practiceId), eq(conflicts.id, conflict.id)));
  await recordChange(ctx.tx, { practiceId: ctx.practiceId, table: 'conflicts', rowId: conflict.id, version: ctx.version, op: 'put' });
  await appendAudit(ctx.tx, {
    practiceId: ctx.practiceId,
    action: 'conflict.resolved',
    severity: 'notice',
    actorUserId: ctx.userId,
    occurredAt: ctx.occurredAt,
    requestId: ctx.request.requestId,
    ipAddress: ctx.request.ipAddress,
    userAgent: ctx.request.userAgent,
    targetType: 'conflict',
    targetId: conflict.id,
    patientId: conflict.entityTable === 'patients' ? conflict.entityId : null,
    metadata: { reason: conflict.reason, resolution: args.resolution, clientId: ctx.clientId, mutationId: ctx.mutationId },
  });
};

/** Runs the retried booking or move; its refusal (a field error) refuses the resolution too. */
const retryInSlot = async (ctx: MutationContext, retried: NonNullable<ReturnType<typeof retriedMutation>>): Promise<ExecuteOutcome> => {
  const parsed = retried.definition.args.safeParse(retried.args);
  if (!parsed.success) {
    throw validationError(parsed.error, 'The chosen time is invalid.');
  }
  // Under the retried mutation's name: a conflict it records again is one of that booking or move,
  // which the inbox can settle the same way.
  const retryCtx = { ...ctx, mutationName: retried.definition.name };
  return retried.definition.name === bookAppointmentMutation.name
    ? executeBookAppointment(retryCtx, parsed.data as TBookAppointment)
    : executeRescheduleAppointment(retryCtx, parsed.data as TRescheduleAppointment);
};
