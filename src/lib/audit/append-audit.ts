import 'server-only';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { queryRows, type Tx } from '@/lib/db/client';
import { insertJsonRows } from '@/lib/db/json-rows';
import { auditLog, INSTALLATION_CHAIN_ID, type AuditMetadata, type AuditSeverity } from '@/lib/db/schema/audit';
import { auditEntryHash, GENESIS_HASH, type CanonicalAuditEntry } from './canonical';
import {
  assertAuditAction,
  assertAuditSeverity,
  cleanId,
  cleanInstant,
  cleanMetadata,
  cleanText,
  cleanUserAgent,
  cleanUuid,
  type AuditAction,
} from './normalize-entry';

/** What happened, as the caller describes it; the chain position, times and hashes are added here. */
export type AppendAuditEntry = {
  /** UUIDv7; generated unless the entry was born elsewhere (e.g. an offline read on a device). */
  id?: string;
  /** The practice whose chain records it; null for installation-level events (unknown practice). */
  practiceId: string | null;
  action: AuditAction;
  severity: AuditSeverity;
  /** When it happened; defaults to the transaction's time. A device's clock for offline events. */
  occurredAt?: Date;
  actorUserId?: string | null;
  /** Staff-side label, e.g. the email typed at a failed sign-in. Never a patient's name. */
  actorLabel?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  patientId?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  /** Hashed and kept forever: identifiers and staff data only, no patient names or clinical text. */
  metadata?: AuditMetadata;
};

export type AppendedAudit = CanonicalAuditEntry & { chainId: string; prevHash: string; hash: string };

// pg_advisory_xact_lock(int4, int4) keys live apart from the one-bigint keys used elsewhere (the
// migration lock), so this class id only has to be unique among two-key users. 0x41554454 = "AUDT".
// Two chains whose ids share a hashtext() value merely take turns; correctness never depends on it.
const AUDIT_LOCK_CLASS = 0x41_55_44_54;

type HeadRow = { now_ms: string | number; seq: string | number | null; hash: string | null };

/**
 * Appends an entry to its chain (the practice's, or the installation chain) and returns it as stored.
 *
 * Call it with the `tx` of the change it records (CONVENTIONS §6): the entry commits or rolls back
 * with the change. Works inside `withActor` (the entry's practice must be in the actor's scope, or
 * `practiceId` null) and inside `unsafeSystemTx`.
 *
 * Concurrency: a transaction-scoped advisory lock per chain makes appends to one chain take turns
 * from the lock until commit, so every append reads the committed head and the chain stays linear;
 * unique (chain_id, seq) backs it. This relies on READ COMMITTED (each statement takes a fresh
 * snapshot after the lock is granted): under REPEATABLE READ a stale head fails the unique
 * constraint instead of forking the chain. Append after the change itself (e.g. after allocating the
 * practice's change_seq), so every transaction takes the two locks in the same order.
 */
export const appendAudit = async (tx: Tx, entry: AppendAuditEntry): Promise<AppendedAudit> => {
  const [appended] = await appendAuditEntries(tx, [entry]);
  if (!appended) {
    throw new Error('appendAudit: nothing was appended');
  }
  return appended;
};

/**
 * Appends entries in the given order, as `appendAudit` would one by one, but with one lock, one head
 * read and one insert per chain: a sync push audits hundreds of mutations at once (DESIGN §8 push
 * budget), and three statements per entry were most of its cost.
 */
export const appendAuditEntries = async (tx: Tx, entries: readonly AppendAuditEntry[]): Promise<AppendedAudit[]> => {
  const chains = new Map<string, { practiceId: string | null; members: { index: number; entry: AppendAuditEntry }[] }>();
  entries.forEach((entry, index) => {
    assertAuditAction(entry.action);
    assertAuditSeverity(entry.severity);
    const practiceId = cleanUuid(entry.practiceId, 'practiceId');
    const chainId = practiceId ?? INSTALLATION_CHAIN_ID;
    const chain = chains.get(chainId) ?? { practiceId, members: [] };
    chain.members.push({ index, entry });
    chains.set(chainId, chain);
  });

  const appended: AppendedAudit[] = new Array<AppendedAudit>(entries.length);
  // Chains in a fixed order, so two transactions appending to the same two chains cannot deadlock.
  const ordered = [...chains].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [chainId, { practiceId, members }] of ordered) {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_CLASS}::int4, hashtext(${chainId}))`);

    // The head, read after the lock in its own statement (a fresh snapshot). The direct read serves
    // the practice chains the caller can see (the owner sees all); audit_chain_head() serves the
    // installation chain, which the app role cannot SELECT (drizzle/0003_audit_log_protection.sql).
    // The transaction's time comes along: recorded_at is hashed, so it is set here, not by default.
    const [head] = await queryRows<HeadRow>(
      tx,
      sql`select floor(extract(epoch from now()) * 1000)::bigint as now_ms, head.seq, head.hash
          from (select 1) as one
          left join lateral (
            select candidate.seq, candidate.hash from (
              (select a.seq, a.hash from audit_log a where a.chain_id = ${chainId}::uuid order by a.seq desc limit 1)
              union all
              (select h.seq, h.hash from audit_chain_head(${chainId}::uuid) h)
            ) as candidate
            order by candidate.seq desc
            limit 1
          ) as head on true`,
    );
    if (!head) {
      throw new Error('appendAudit: the head query returned no row');
    }
    const recordedAt = new Date(Number(head.now_ms));
    let seq = head.seq === null ? 0 : Number(head.seq);
    let prevHash = head.hash ?? GENESIS_HASH;
    const rows: (CanonicalAuditEntry & { prevHash: string; hash: string })[] = [];
    for (const { index, entry } of members) {
      seq += 1;
      const stored: CanonicalAuditEntry = {
        id: cleanId(entry.id ?? uuidv7(), 'id'),
        practiceId,
        seq,
        occurredAt: cleanInstant(entry.occurredAt ?? recordedAt, 'occurredAt'),
        recordedAt,
        actorUserId: cleanUuid(entry.actorUserId, 'actorUserId'),
        actorLabel: cleanText(entry.actorLabel),
        action: entry.action,
        severity: entry.severity,
        targetType: cleanText(entry.targetType),
        targetId: cleanText(entry.targetId),
        patientId: cleanUuid(entry.patientId, 'patientId'),
        ipAddress: cleanText(entry.ipAddress),
        userAgent: cleanUserAgent(entry.userAgent),
        requestId: cleanText(entry.requestId),
        metadata: cleanMetadata(entry.metadata ?? {}),
      };
      const hash = auditEntryHash(prevHash, stored);
      rows.push({ ...stored, prevHash, hash });
      appended[index] = { ...stored, chainId, prevHash, hash };
      prevHash = hash;
    }
    // No RETURNING: an installation entry inserted by the app role is not visible to it, and a
    // RETURNING row must pass the SELECT policy.
    await tx.execute(insertJsonRows(auditLog, rows));
  }
  return appended;
};
