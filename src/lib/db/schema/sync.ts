import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { idColumn, practiceIdColumn, sqlStringList, syncColumns, timestamptz } from './columns';
import { practices } from './practices';


/*
 * The sync engine's server tables (DESIGN §5, docs/decisions/0010-sync-engine.md).
 */

export const CHANGE_OPS = ['put', 'remove'] as const;
export type ChangeOp = (typeof CHANGE_OPS)[number];

/**
 * The change log: for every synced row, the version of its latest change and whether the row is
 * there (`put`) or gone (`remove`: tombstoned, or taken out of sync). One entry per row — a write
 * moves the row's entry to the new version — so a pull is one ordered range scan on
 * `(practice_id, version)` across every synced table, and a row changed ten times since a cursor is
 * sent once. Written by the sync server's `recordChange`, in the transaction of the write.
 */
export const changeLog = pgTable(
  'change_log',
  {
    practiceId: practiceIdColumn().references(() => practices.id),
    tableName: text('table_name').notNull(),
    rowId: uuid('row_id').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
    op: text('op').$type<ChangeOp>().notNull(),
    changedAt: timestamptz('changed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'change_log_pkey', columns: [t.practiceId, t.tableName, t.rowId] }),
    index('change_log_practice_id_version_idx').on(t.practiceId, t.version),
    check('change_log_op_valid', sql`${t.op} in (${sqlStringList(CHANGE_OPS)})`),
  ],
);

/**
 * A device replica that pushes (one per local database). `last_mutation_id` is the replica's last
 * mutation the server has processed, updated in the same transaction as the mutations' effects
 * (invariant 2: exactly once). A client id belongs to one user for life; another user presenting
 * it is refused.
 */
export const syncClients = pgTable(
  'sync_clients',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastMutationId: bigint('last_mutation_id', { mode: 'number' }).notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    lastPushAt: timestamptz('last_push_at'),
    lastPullAt: timestamptz('last_pull_at'),
    /**
     * Per practice, the read scope (src/lib/sync/server/scope.ts) the replica's rows were served
     * under. When the user's role there changes, the scope changes and the next pull resets that
     * practice, so rows the role may no longer read leave the device (invariant 6).
     */
    servedScopes: jsonb('served_scopes').$type<Record<string, string>>().notNull().default({}),
    /**
     * The replica is also the *device* of issue #6 §5: registered by the browser before its
     * database is created (src/lib/domain/devices), named for its person (browser and OS), and
     * revocable. A revoked device gets DEVICE_REVOKED from every sync request and from the unlock
     * secret, and wipes its database.
     */
    label: text('label'),
    revokedAt: timestamptz('revoked_at'),
  },
  (t) => [index('sync_clients_user_id_idx').on(t.userId)],
);

/**
 * Every mutation a replica pushed, by (client, id): a digest of what it said, and its outcome when
 * that was not `applied`. A repeated push (the answer was lost) gets the same answer rather than a
 * false `applied`, and an id reused for a different change is refused. Swept after the retention
 * period (src/lib/sync/server/sweep.ts); a repeat older than that is answered `applied`.
 */
export const syncMutationOutcomes = pgTable(
  'sync_mutation_outcomes',
  {
    clientId: uuid('client_id')
      .notNull()
      .references(() => syncClients.id, { onDelete: 'cascade' }),
    mutationId: bigint('mutation_id', { mode: 'number' }).notNull(),
    /** hex SHA-256 of the mutation's name, arguments and base versions, as pushed. */
    digest: text('digest').notNull(),
    /** The ZMutationResult sent (src/lib/sync/protocol/push.ts); null for `applied`. */
    result: jsonb('result'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'sync_mutation_outcomes_pkey', columns: [t.clientId, t.mutationId] }),
    index('sync_mutation_outcomes_created_at_idx').on(t.createdAt),
  ],
);

export const CONFLICT_STATUSES = ['open', 'resolved'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];
export const CONFLICT_RESOLUTIONS = ['keep_mine', 'keep_theirs', 'merged', 'dismissed'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];

/**
 * A change the rules could not settle (DESIGN §5 conflict policy): a same-field collision, an edit
 * of a deleted row, a refused mutation. Both sides are kept — `mine` (what the device wanted),
 * `theirs` (the server's values when it arrived), `base` (what the device had seen) — until a person
 * resolves it with the `conflicts.resolve` mutation. A synced tenant table, readable by those who
 * may read the entity it is about.
 */
export const conflicts = pgTable(
  'conflicts',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    /** The synced table and row it is about (null when a refused creation never made a row). */
    entityTable: text('entity_table').notNull(),
    entityId: uuid('entity_id'),
    reason: text('reason').notNull(),
    mutationName: text('mutation_name').notNull(),
    /** The replica and its mutation id; null when the change came through the REST API or a job. */
    clientId: uuid('client_id'),
    mutationId: bigint('mutation_id', { mode: 'number' }),
    /** The member whose device made the change. */
    authorUserId: uuid('author_user_id').notNull(),
    mine: jsonb('mine').$type<Record<string, unknown>>().notNull(),
    theirs: jsonb('theirs').$type<Record<string, unknown>>(),
    base: jsonb('base').$type<Record<string, unknown>>(),
    /** The refusal, for `rejected`: `{ code, message }` (no request data). */
    error: jsonb('error').$type<{ code: string; message: string }>(),
    status: text('status').$type<ConflictStatus>().notNull().default('open'),
    resolution: text('resolution').$type<ConflictResolution>(),
    resolvedBy: uuid('resolved_by'),
    resolvedAt: timestamptz('resolved_at'),
    ...syncColumns(),
  },
  (t) => [
    uniqueIndex('conflicts_client_id_mutation_id_unique').on(t.clientId, t.mutationId),
    index('conflicts_practice_id_version_idx').on(t.practiceId, t.version),
    index('conflicts_practice_id_status_idx').on(t.practiceId, t.status),
    check('conflicts_status_valid', sql`${t.status} in (${sqlStringList(CONFLICT_STATUSES)})`),
    check('conflicts_resolution_valid', sql`${t.resolution} is null or ${t.resolution} in (${sqlStringList(CONFLICT_RESOLUTIONS)})`),
    check('conflicts_resolved_matches_status', sql`(${t.status} = 'resolved') = (${t.resolvedAt} is not null and ${t.resolution} is not null)`),
  ],
);

export type ChangeLogEntry = typeof changeLog.$inferSelect;
export type SyncClient = typeof syncClients.$inferSelect;
export type Conflict = typeof conflicts.$inferSelect;
