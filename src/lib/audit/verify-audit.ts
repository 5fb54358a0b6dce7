import 'server-only';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { queryRows, type Database } from '@/lib/db/client';
import { auditLog, INSTALLATION_CHAIN_ID } from '@/lib/db/schema/audit';
import { createChainCheck, type ChainBreakReason } from './chain-check';

/** The verdict on one chain. */
export type AuditChainReport = {
  chainId: string;
  /** The practice of the chain; null for the installation chain. */
  practiceId: string | null;
  /** Entries verified intact (up to the break, if any). */
  entries: number;
  ok: boolean;
  firstBrokenSeq?: number;
  reason?: ChainBreakReason;
  /** For operators, e.g. "hash mismatch: entry altered". */
  message?: string;
};

export type VerifyAuditOptions = {
  /** Verify only this practice's chain; `null` for only the installation chain. Default: every chain. */
  practiceId?: string | null;
  /** Rows per query; a chain of a million entries is never loaded at once. */
  pageSize?: number;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every chain id present, walking the unique (chain_id, seq) index one chain at a time (a "loose
 * index scan"), so listing a few chains does not read every row as `select distinct` would.
 */
const listChainIds = async (database: Database): Promise<string[]> => {
  const rows = await queryRows<{ chain_id: string }>(
    database.db,
    sql`with recursive chains(chain_id) as (
          (select chain_id from audit_log order by chain_id limit 1)
          union all
          select (select a.chain_id from audit_log a where a.chain_id > chains.chain_id order by a.chain_id limit 1)
          from chains where chains.chain_id is not null
        )
        select chain_id::text as chain_id from chains where chain_id is not null`,
  );
  return rows.map((row) => row.chain_id);
};

const verifyChain = async (database: Database, chainId: string, pageSize: number): Promise<AuditChainReport> => {
  const practiceId = chainId === INSTALLATION_CHAIN_ID ? null : chainId;
  const check = createChainCheck();
  let after = 0;
  for (;;) {
    // Keyset by seq: each page is one index range scan. No enclosing transaction: on PGlite that would
    // hold the single connection for the whole walk, and entries appended meanwhile only extend the
    // chain past the page being read.
    const page = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.chainId, chainId), gt(auditLog.seq, after)))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const row of page) {
      const broken = check.next(row);
      if (broken) {
        return {
          chainId,
          practiceId,
          entries: check.entries,
          ok: false,
          firstBrokenSeq: broken.seq,
          reason: broken.reason,
          message: broken.message,
        };
      }
      after = row.seq;
    }
    if (page.length < pageSize) {
      return { chainId, practiceId, entries: check.entries, ok: true };
    }
  }
};

/**
 * Recomputes every chain (or one) from its genesis and reports, per chain, the first entry at which
 * it is broken: a modified entry (hash mismatch), a deleted one (seq gap, or a broken prev_hash link
 * when the rest was renumbered) or reordered ones. Deleting the newest entries of a chain cannot be
 * detected from the chain alone (docs/decisions/0004-audit-log.md).
 *
 * Reads as the connecting role (owner), outside any actor scope: a system job, like migrations.
 */
export const verifyAuditChains = async (
  database: Database,
  { practiceId, pageSize = 1000 }: VerifyAuditOptions = {},
): Promise<AuditChainReport[]> => {
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new RangeError('verifyAuditChains: pageSize must be a positive integer');
  }
  let chainIds: string[];
  if (practiceId === undefined) {
    chainIds = await listChainIds(database);
  } else if (practiceId === null) {
    chainIds = [INSTALLATION_CHAIN_ID];
  } else {
    if (!UUID.test(practiceId)) {
      throw new TypeError('verifyAuditChains: practiceId must be a UUID');
    }
    chainIds = [practiceId.toLowerCase()];
  }
  const reports: AuditChainReport[] = [];
  for (const chainId of chainIds) {
    reports.push(await verifyChain(database, chainId, pageSize));
  }
  return reports;
};
