import { hash } from 'node:crypto';
import { canonicalJson } from '@/lib/canonical-json';
import type { AuditMetadata, AuditSeverity } from '@/lib/db/schema/audit';

/*
 * The bytes an audit entry's hash covers (DESIGN §6: hash = sha256(prev_hash ‖ canonical entry)).
 *
 * The hash is computed when the entry is appended and recomputed from the stored row when the chain
 * is verified, possibly years later and on another driver, so the serialization must depend only on
 * the stored values: a fixed set of fields, keys sorted (also inside metadata), explicit nulls,
 * ISO-8601 UTC times with milliseconds, `seq` as a decimal string, UUIDs in lower case (how
 * PostgreSQL returns them). Objects are serialized as JSON with keys in UTF-16 code-unit order and
 * JavaScript's number formatting — the rules of RFC 8785 (JCS) — so any JSON value that jsonb
 * round-trips gives the same text before insert and after reading it back.
 *
 * Changing anything here invalidates every stored hash: a new format needs a format version stored
 * per row, and the verifier must keep the old one.
 */

/** prev_hash of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Everything an entry's hash covers: every stored column except `chain_id` (derived), `prev_hash` and `hash`. */
export type CanonicalAuditEntry = {
  id: string;
  practiceId: string | null;
  seq: number;
  occurredAt: Date;
  recordedAt: Date;
  actorUserId: string | null;
  actorLabel: string | null;
  action: string;
  severity: AuditSeverity;
  targetType: string | null;
  targetId: string | null;
  patientId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
  metadata: AuditMetadata;
};

const iso = (date: Date, field: string): string => {
  if (Number.isNaN(date.getTime())) {
    throw new TypeError(`audit entry ${field} is an invalid date`);
  }
  return date.toISOString();
};

const lowerOrNull = (value: string | null): string | null => (value === null ? null : value.toLowerCase());

/** The canonical text of an entry: same entry → same bytes, whatever the key order of its objects. */
export const canonicalAuditEntry = (entry: CanonicalAuditEntry): string =>
  canonicalJson(
    {
      id: entry.id.toLowerCase(),
      practiceId: lowerOrNull(entry.practiceId),
      seq: String(entry.seq),
      occurredAt: iso(entry.occurredAt, 'occurredAt'),
      recordedAt: iso(entry.recordedAt, 'recordedAt'),
      actorUserId: lowerOrNull(entry.actorUserId),
      actorLabel: entry.actorLabel,
      action: entry.action,
      severity: entry.severity,
      targetType: entry.targetType,
      targetId: entry.targetId,
      patientId: lowerOrNull(entry.patientId),
      ipAddress: entry.ipAddress,
      userAgent: entry.userAgent,
      requestId: entry.requestId,
      metadata: entry.metadata,
    },
    'audit entry',
  );

/** `sha256_hex(prev_hash + '\n' + canonical(entry))`: the link from one entry to the next. */
export const auditEntryHash = (prevHash: string, entry: CanonicalAuditEntry): string =>
  hash('sha256', `${prevHash}\n${canonicalAuditEntry(entry)}`, 'hex');
