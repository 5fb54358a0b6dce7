import 'server-only';
import { appendAudit } from '@/lib/audit/append-audit';
import { listAuditEntries, type AuditEntryPage } from '@/lib/audit/list-audit';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { withActor } from '@/lib/db/tx';
import type { TAuditFilters } from './schemas';

export type ListPracticeAuditOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  filters: TAuditFilters;
  cursor?: string;
  limit: number;
  request: { requestId: string; ipAddress: string | null };
};

/**
 * A page of the practice's audit log for owners, admins and auditors (`audit.read`). Opening the
 * first page is itself recorded (`audit.viewed`): who looks at the trail is part of the trail.
 */
export const listPracticeAudit = async ({
  database,
  actor,
  practiceId,
  filters,
  cursor,
  limit,
  request,
}: ListPracticeAuditOptions): Promise<AuditEntryPage> => {
  requirePracticePermission(actor, practiceId, 'audit.read');
  return withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) => {
    const page = await listAuditEntries({ tx, practiceId, filters, cursor: cursor ?? null, limit });
    if (cursor === undefined) {
      await appendAudit(tx, {
        practiceId,
        actorUserId: actor.userId,
        action: 'audit.viewed',
        severity: 'info',
        ipAddress: request.ipAddress,
        requestId: request.requestId,
        metadata: { filters: Object.keys(filters).sort() },
      });
    }
    return page;
  });
};
