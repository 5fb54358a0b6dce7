import 'server-only';
import { appendAudit } from '@/lib/audit/append-audit';
import { auditEntriesToCsv } from '@/lib/audit/audit-csv';
import { listAuditEntries } from '@/lib/audit/list-audit';
import type { AuditLogRow } from '@/lib/db/schema/audit';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { withActor } from '@/lib/db/tx';
import type { TAuditFilters } from './schemas';

/** An export stops at this many rows and says so (`truncated`); narrower dates get the rest. */
export const MAX_AUDIT_EXPORT_ROWS = 100_000;
const PAGE = 500;

export type ExportPracticeAuditOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  filters: TAuditFilters;
  request: { requestId: string; ipAddress: string | null };
};

/**
 * The filtered audit log as CSV (`audit.export`). The export is recorded in the same transaction
 * that reads it, with the filters and the row count, at `notice` severity: an export carries the
 * trail out of the system.
 */
export const exportPracticeAudit = async ({
  database,
  actor,
  practiceId,
  filters,
  request,
}: ExportPracticeAuditOptions): Promise<{ csv: string; rows: number; truncated: boolean }> => {
  requirePracticePermission(actor, practiceId, 'audit.export');
  return withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) => {
    const entries: AuditLogRow[] = [];
    let cursor: string | null = null;
    do {
      const page = await listAuditEntries({ tx, practiceId, filters, cursor, limit: PAGE });
      entries.push(...page.entries);
      cursor = page.nextCursor;
    } while (cursor !== null && entries.length < MAX_AUDIT_EXPORT_ROWS);
    await appendAudit(tx, {
      practiceId,
      actorUserId: actor.userId,
      action: 'audit.exported',
      severity: 'notice',
      ipAddress: request.ipAddress,
      requestId: request.requestId,
      metadata: {
        rows: entries.length,
        truncated: cursor !== null,
        filters: Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])),
      },
    });
    return { csv: auditEntriesToCsv(entries), rows: entries.length, truncated: cursor !== null };
  });
};
