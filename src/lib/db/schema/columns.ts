import { sql } from 'drizzle-orm';
import { bigint, timestamp, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';

/*
 * Column helpers shared by every table (DESIGN §4). They are functions, not constants: a Drizzle
 * column builder is mutable and belongs to exactly one table, so each table needs fresh builders.
 */

/** `timestamptz` stored as a UTC instant, read as a `Date`. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Primary key `id uuid`. Ids are UUIDv7 strings created where the record is born (often on a
 * device, so callers usually pass one); the default only covers rows born on the server.
 */
export const idColumn = () =>
  uuid('id')
    .primaryKey()
    .$defaultFn(() => uuidv7());

/**
 * `practice_id uuid not null`: the tenant key of every tenant table. Row-level security policies
 * compare it with `app_practice_ids()` (see drizzle/0001_rls_baseline.sql), and composite foreign
 * keys between tenant tables carry it so a row can never point into another practice.
 */
export const practiceIdColumn = () => uuid('practice_id').notNull();

/**
 * The sync columns of every table that replicates to devices (DESIGN §4):
 * - `version`: server-assigned from the practice's `change_seq` in the writing transaction
 *   (DESIGN §5 invariant 1); never set by a client.
 * - `created_by` / `updated_by`: the acting user, null for system writes.
 * - `deleted_at`: tombstone; rows are not hard-deleted while a device may still hold them.
 *
 * Spread into the table definition: `pgTable('x', { id: idColumn(), practiceId: practiceIdColumn(), ...syncColumns() })`,
 * and add an index on `(practice_id, version)` for pulls.
 */
export const syncColumns = () => ({
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at')
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
  createdBy: uuid('created_by'),
  updatedBy: uuid('updated_by'),
  deletedAt: timestamptz('deleted_at'),
});

/**
 * A closed list of values as SQL literals, for `check (x in (...))` constraints. Only for constants
 * declared in the schema (role names, statuses): the values are not escaped.
 */
export const sqlStringList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));
