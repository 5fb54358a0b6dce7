import 'server-only';
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import type { Tx } from '@/lib/db/client';
import { auditLog, type AuditLogRow } from '@/lib/db/schema/audit';

export type AuditListFilters = {
  actorUserId?: string;
  /** Exact action name, e.g. `auth.sign_in.failed`. */
  action?: string;
  /** Occurred at or after (inclusive). */
  from?: Date;
  /** Occurred before (exclusive), so consecutive ranges never overlap. */
  to?: Date;
  patientId?: string;
};

export type ListAuditEntriesOptions = {
  /** A `withActor` transaction: row-level security limits the answer to the actor's practices. */
  tx: Tx;
  practiceId: string;
  filters?: AuditListFilters;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
  limit: number;
};

export type AuditEntryPage = {
  entries: AuditLogRow[];
  /** Null on the last page. */
  nextCursor: string | null;
};

export const MAX_AUDIT_PAGE = 500;

type Cursor = { occurredAt: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Opaque to clients, but only a position: (occurred_at, id) of the last entry shown.
const encodeCursor = (entry: AuditLogRow): string =>
  Buffer.from(JSON.stringify([entry.occurredAt.toISOString(), entry.id])).toString('base64url');

const decodeCursor = (cursor: string): Cursor => {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [occurredAt, id] = value as unknown[];
      if (typeof occurredAt === 'string' && !Number.isNaN(Date.parse(occurredAt)) && typeof id === 'string' && UUID.test(id)) {
        return { occurredAt: new Date(occurredAt).toISOString(), id };
      }
    }
  } catch {
    // fall through: malformed cursor
  }
  throw new AppError('BAD_REQUEST', 'The page cursor is not valid.');
};

/**
 * A page of a practice's audit entries, newest first (by occurred_at, then id), for the audit
 * viewer and exports. Keyset pagination over the index (practice_id, occurred_at desc, id desc):
 * pages stay fast however deep, and entries appended meanwhile never shift a page.
 * Another practice (outside the actor's scope) yields an empty page, never an error.
 */
export const listAuditEntries = async ({
  tx,
  practiceId,
  filters = {},
  cursor,
  limit,
}: ListAuditEntriesOptions): Promise<AuditEntryPage> => {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) {
    throw new RangeError(`listAuditEntries: limit must be an integer from 1 to ${MAX_AUDIT_PAGE}`);
  }
  const conditions: SQL[] = [eq(auditLog.practiceId, practiceId)];
  if (filters.actorUserId !== undefined) {
    conditions.push(eq(auditLog.actorUserId, filters.actorUserId));
  }
  if (filters.action !== undefined) {
    conditions.push(eq(auditLog.action, filters.action));
  }
  if (filters.patientId !== undefined) {
    conditions.push(eq(auditLog.patientId, filters.patientId));
  }
  if (filters.from !== undefined) {
    conditions.push(gte(auditLog.occurredAt, filters.from));
  }
  if (filters.to !== undefined) {
    conditions.push(lt(auditLog.occurredAt, filters.to));
  }
  if (cursor) {
    const position = decodeCursor(cursor);
    // A row comparison matches the index order exactly, ties on occurred_at broken by id.
    conditions.push(
      sql`(${auditLog.occurredAt}, ${auditLog.id}) < (${position.occurredAt}::timestamptz, ${position.id}::uuid)`,
    );
  }
  const rows = await tx
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit);
  const last = entries.at(-1);
  return { entries, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
};
