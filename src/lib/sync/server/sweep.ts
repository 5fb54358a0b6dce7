import 'server-only';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '@/lib/db/client';
import { unsafeSystemTx } from '@/lib/db/tx';

/** How long removals stay in the change log, and pushed mutations' digests are kept. */
export const SYNC_RETENTION_DAYS = 30;

export type SweepResult = { removalsSwept: number; outcomesSwept: number; practicesAdvanced: number };

/**
 * Tombstone retention (DESIGN §5 invariant 6): removals older than the retention period leave the
 * change log, and each practice's `sync_horizon` moves up to the newest version swept, so a replica
 * whose cursor is older is told to `reset` (it would otherwise miss those removals) and re-syncs
 * while keeping its outbox. Mutation digests older than the period go too: a replica that repeats a
 * mutation that old is answered `applied`.
 *
 * A system job across practices: unsafeSystemTx, as the owner. Where the owner is subject to
 * row-level security (a managed PostgreSQL whose owner is not a superuser), it sweeps nothing —
 * nothing is lost, the change log just keeps its removals; see docs/decisions/0010-sync-engine.md.
 */
export const sweepSyncRetention = async ({
  database,
  now = new Date(),
  retentionDays = SYNC_RETENTION_DAYS,
}: {
  database: Database;
  now?: Date;
  retentionDays?: number;
}): Promise<SweepResult> => {
  const cutoff = new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
  return unsafeSystemTx(database, async (tx) => {
    const [swept] = await queryRows<{ removals: string | number; practices: string | number }>(
      tx,
      sql`with swept as (
            delete from change_log where op = 'remove' and changed_at < ${cutoff.toISOString()}::timestamptz
            returning practice_id, version
          ), horizons as (
            select practice_id, max(version) as version, count(*) as n from swept group by practice_id
          ), advanced as (
            update practices p set sync_horizon = greatest(p.sync_horizon, h.version)
            from horizons h where p.id = h.practice_id
            returning p.id
          )
          select coalesce((select sum(n) from horizons), 0) as removals, (select count(*) from advanced) as practices`,
    );
    const outcomes = await queryRows<{ n: string | number }>(
      tx,
      sql`with gone as (delete from sync_mutation_outcomes where created_at < ${cutoff.toISOString()}::timestamptz returning 1)
          select count(*) as n from gone`,
    );
    return {
      removalsSwept: Number(swept?.removals ?? 0),
      practicesAdvanced: Number(swept?.practices ?? 0),
      outcomesSwept: Number(outcomes[0]?.n ?? 0),
    };
  });
};
