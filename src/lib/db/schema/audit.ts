import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamptz } from './columns';
import { practices } from './practices';

/*
 * The tamper-evident audit log (DESIGN §6 "Audit", docs/decisions/0004-audit-log.md).
 *
 * Rows are only ever appended, through appendAudit() (src/lib/audit/append-audit.ts), in the same
 * transaction as the change they record. Each row belongs to one hash chain: its practice's, or the
 * installation chain (practice_id null, chain_id = the nil UUID) for events that belong to no
 * practice, such as a failed sign-in for an unknown email. Within a chain, `seq` runs 1..n and
 * `hash = sha256_hex(prev_hash || '\n' || canonical(entry))` (src/lib/audit/canonical.ts).
 *
 * UPDATE, DELETE and TRUNCATE are revoked from the app role and blocked for everyone by triggers;
 * row-level security scopes reads to the actor's practices. Those live in the custom migration
 * drizzle/0003_audit_log_protection.sql, which drizzle-kit does not model.
 */

/** The chain id of installation-level events (practice_id null). */
export const INSTALLATION_CHAIN_ID = '00000000-0000-0000-0000-000000000000';

export const AUDIT_SEVERITIES = ['info', 'notice', 'warning', 'high'] as const;
export type AuditSeverity = (typeof AUDIT_SEVERITIES)[number];

/** JSON as jsonb stores it; audit metadata is hashed, so it must round-trip exactly. */
export type AuditJson = string | number | boolean | null | AuditJson[] | { [key: string]: AuditJson };
export type AuditMetadata = { [key: string]: AuditJson };

export const auditLog = pgTable(
  'audit_log',
  {
    id: idColumn(),
    /** Null for installation-level events. Never deleted under an audit row (no cascade). */
    practiceId: uuid('practice_id').references(() => practices.id),
    /**
     * The chain the row belongs to: practice_id, or the nil UUID for installation events. Generated
     * so it can never disagree with practice_id, and non-null so that unique (chain_id, seq) also
     * holds for the installation chain (a unique index treats NULLs as distinct).
     */
    chainId: uuid('chain_id')
      .notNull()
      .generatedAlwaysAs(sql`coalesce("practice_id", '00000000-0000-0000-0000-000000000000'::uuid)`),
    /** Position in the chain, 1..n without gaps. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    /** When it happened: for entries made offline, the device's clock. Millisecond precision. */
    occurredAt: timestamptz('occurred_at').notNull(),
    /** When the server wrote it (transaction time). Millisecond precision: it is hashed. */
    recordedAt: timestamptz('recorded_at').notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    /** Staff-side label such as the email typed at a failed sign-in. Never patient data. */
    actorLabel: text('actor_label'),
    /** Dotted name, e.g. `auth.sign_in.failed`, `member.role_changed`. */
    action: text('action').notNull(),
    severity: text('severity').$type<AuditSeverity>().notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    /** The patient whose data was read or changed, for the viewer's patient filter. */
    patientId: uuid('patient_id'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    /** Details of the event. Hashed; must not carry patient names or clinical content. */
    metadata: jsonb('metadata').$type<AuditMetadata>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    // The chain's order and the target of the append's "last row" lookup.
    unique('audit_log_chain_id_seq_unique').on(t.chainId, t.seq),
    // Viewer: newest first, keyset (occurred_at, id); and its actor and patient filters.
    index('audit_log_practice_id_occurred_at_idx').on(t.practiceId, t.occurredAt.desc(), t.id.desc()),
    index('audit_log_practice_id_actor_user_id_idx').on(t.practiceId, t.actorUserId, t.occurredAt.desc()),
    index('audit_log_practice_id_patient_id_idx').on(t.practiceId, t.patientId, t.occurredAt.desc()),
    check('audit_log_seq_positive', sql`${t.seq} >= 1`),
    check('audit_log_severity', sql`${t.severity} in ('info', 'notice', 'warning', 'high')`),
    check('audit_log_action_format', sql`${t.action} ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$'`),
    check('audit_log_hash_format', sql`${t.hash} ~ '^[0-9a-f]{64}$' and ${t.prevHash} ~ '^[0-9a-f]{64}$'`),
    check('audit_log_metadata_object', sql`jsonb_typeof(${t.metadata}) = 'object'`),
    // The canonical form carries milliseconds; finer stored precision would be unhashed.
    check(
      'audit_log_times_milliseconds',
      sql`date_trunc('milliseconds', ${t.occurredAt}) = ${t.occurredAt} and date_trunc('milliseconds', ${t.recordedAt}) = ${t.recordedAt}`,
    ),
  ],
);

export type AuditLogRow = typeof auditLog.$inferSelect;
