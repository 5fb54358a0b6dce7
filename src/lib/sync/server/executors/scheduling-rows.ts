import 'server-only';
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { isPrimaryKeyViolation } from '@/lib/db/errors';
import type { AuditMetadata } from '@/lib/db/schema/audit';
import type { TSyncedTable } from '../../protocol/tables';
import { recordChange } from '../change-log';
import type { MutationContext } from '../context';
import { SYNCED_PG_TABLES } from '../synced-tables';

/*
 * Row writes shared by the scheduling executors: every write carries this transaction's version and
 * moves the row's change log entry in the same transaction (DESIGN §5), and every reference a device
 * sends is looked up in the practice first, so a wrong or foreign id is a field error, not a database
 * error that would abort the whole push (the composite foreign keys stay the backstop).
 */

type Row = Record<string, unknown> & { id: string };

/** The row of `table` with this id in the context's practice, locked; null when there is none. */
export const lockRow = async <T extends Row>(ctx: MutationContext, table: TSyncedTable, id: string): Promise<T | null> => {
  const pg = SYNCED_PG_TABLES[table];
  const [row] = await ctx.tx
    .select()
    .from(pg)
    .where(and(eq(pg.practiceId, ctx.practiceId), eq(pg.id, id.toLowerCase())))
    .for('update');
  return (row as T | undefined) ?? null;
};

/**
 * The live row (not tombstoned) a field names, or a field error saying it is not there: another
 * practice's id reads exactly like an unknown one (DESIGN §6).
 */
export const requireRow = async <T extends Row>(ctx: MutationContext, table: TSyncedTable, id: string, field: string, what: string): Promise<T> => {
  const row = await lockRow<T>(ctx, table, id);
  if (!row || row.deletedAt !== null) {
    throw fieldError(field, `${what} was not found in this practice`);
  }
  return row;
};

export const fieldError = (path: string, message: string): AppError =>
  new AppError('VALIDATION_FAILED', undefined, { fields: [{ path, message }] });

/**
 * Inserts the row, or replaces the fields of the one with its id in this practice (reviving a
 * tombstone), at this transaction's version, and records the change. An id taken elsewhere (another
 * practice, invisibly) is refused without saying where.
 */
export const saveRow = async (ctx: MutationContext, table: TSyncedTable, values: Row): Promise<{ created: boolean }> => {
  const existing = await lockRow(ctx, table, values.id);
  if (!existing) {
    await insertRow(ctx, table, values);
    return { created: true };
  }
  const pg = SYNCED_PG_TABLES[table];
  await ctx.tx
    .update(pg)
    .set({ ...writableFields(table, values), version: ctx.version, updatedBy: ctx.userId, updatedAt: sql`now()`, deletedAt: null } as never)
    .where(and(eq(pg.practiceId, ctx.practiceId), eq(pg.id, values.id.toLowerCase())));
  await recordChange(ctx.tx, { practiceId: ctx.practiceId, table, rowId: values.id.toLowerCase(), version: ctx.version, op: 'put' });
  return { created: false };
};

/** Inserts a new row at this version and records it; an id already taken anywhere is refused. */
export const insertRow = async (ctx: MutationContext, table: TSyncedTable, values: Row): Promise<void> => {
  const pg = SYNCED_PG_TABLES[table];
  const id = values.id.toLowerCase();
  try {
    // A savepoint of its own: a taken id must leave the surrounding transaction usable.
    await ctx.tx.transaction((savepoint) =>
      savepoint
        .insert(pg)
        .values({ ...writableFields(table, values), id, practiceId: ctx.practiceId, version: ctx.version, createdBy: ctx.userId, updatedBy: ctx.userId } as never),
    );
  } catch (error) {
    if (isPrimaryKeyViolation(error)) {
      throw new AppError('CONFLICT', 'This record id is already in use.');
    }
    throw error;
  }
  await recordChange(ctx.tx, { practiceId: ctx.practiceId, table, rowId: id, version: ctx.version, op: 'put' });
};

/** The values that name columns of the table, without the keys a write sets itself. */
const writableFields = (table: TSyncedTable, values: Row): Record<string, unknown> => {
  const columns = getTableColumns(SYNCED_PG_TABLES[table]);
  return Object.fromEntries(Object.entries(values).filter(([key]) => key in columns && key !== 'id' && key !== 'practiceId'));
};

/** Changes some fields of a row known to exist in this practice, at this version, and records it. */
export const updateRow = async (ctx: MutationContext, table: TSyncedTable, id: string, patch: Record<string, unknown>): Promise<void> => {
  const pg = SYNCED_PG_TABLES[table];
  await ctx.tx
    .update(pg)
    .set({ ...patch, version: ctx.version, updatedBy: ctx.userId, updatedAt: sql`now()` } as never)
    .where(and(eq(pg.practiceId, ctx.practiceId), eq(pg.id, id.toLowerCase())));
  await recordChange(ctx.tx, { practiceId: ctx.practiceId, table, rowId: id.toLowerCase(), version: ctx.version, op: 'put' });
};

/** Tombstones a row (DESIGN §4: never hard-deleted while a device may hold it); devices drop it. */
export const tombstoneRow = async (ctx: MutationContext, table: TSyncedTable, id: string): Promise<void> => {
  const pg = SYNCED_PG_TABLES[table];
  await ctx.tx
    .update(pg)
    .set({ deletedAt: sql`now()`, version: ctx.version, updatedBy: ctx.userId, updatedAt: sql`now()` } as never)
    .where(and(eq(pg.practiceId, ctx.practiceId), eq(pg.id, id.toLowerCase())));
  await recordChange(ctx.tx, { practiceId: ctx.practiceId, table, rowId: id.toLowerCase(), version: ctx.version, op: 'remove' });
};

/**
 * The audit entry of a scheduling change. Identifiers and field names only (the log is kept forever
 * and read by auditors): never a patient's name or the front desk's notes.
 */
export const auditScheduling = (
  ctx: MutationContext,
  entry: { action: `${string}.${string}`; targetType: string; targetId: string; patientId?: string | null; metadata?: AuditMetadata },
) =>
  appendAudit(ctx.tx, {
    practiceId: ctx.practiceId,
    action: entry.action,
    severity: 'info',
    actorUserId: ctx.userId,
    occurredAt: ctx.occurredAt,
    requestId: ctx.request.requestId,
    ipAddress: ctx.request.ipAddress,
    userAgent: ctx.request.userAgent,
    targetType: entry.targetType,
    targetId: entry.targetId,
    patientId: entry.patientId ?? null,
    metadata: { clientId: ctx.clientId, mutationId: ctx.mutationId, ...entry.metadata },
  });
