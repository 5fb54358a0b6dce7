import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from 'uuidv7';
import { idColumn, practiceIdColumn, syncColumns, timestamptz } from './columns';

/**
 * Free-form practice settings (idle timeout, defaults…). Each setting is added with its own Zod
 * schema by the issue that needs it; the column is jsonb so that adding one needs no migration.
 */
export type PracticeSettings = Record<string, unknown>;

/**
 * A practice (tenant). Not a synced row itself in the sense of §4 (no `version`): it *owns* the
 * version counter `change_seq` that numbers every change inside the practice.
 */
export const practices = pgTable(
  'practices',
  {
    id: uuid('id')
      .primaryKey()
      .$defaultFn(() => uuidv7()),
    name: text('name').notNull(),
    slug: text('slug').notNull().unique('practices_slug_unique'),
    /** IANA zone used when a location does not name its own. */
    timeZone: text('time_zone').notNull(),
    settings: jsonb('settings').$type<PracticeSettings>().notNull().default({}),
    /**
     * Per-practice version counter (DESIGN §5 invariant 1). A writing transaction allocates the
     * next version with `UPDATE practices SET change_seq = change_seq + 1 WHERE id = $1 RETURNING
     * change_seq`; the row lock makes version order equal commit order within the practice, which
     * a plain sequence cannot guarantee.
     */
    changeSeq: bigint('change_seq', { mode: 'number' }).notNull().default(0),
    /**
     * Oldest version a pull cursor may hold: removals at or below it have been swept from the change
     * log (tombstone retention), so a replica behind it is told to `reset` (DESIGN §5 invariant 6).
     */
    syncHorizon: bigint('sync_horizon', { mode: 'number' }).notNull().default(0),
    /** Last medical record number handed out; the next patient gets the next (per practice). */
    mrnSeq: bigint('mrn_seq', { mode: 'number' }).notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at')
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
    deletedAt: timestamptz('deleted_at'),
  },
  (t) => [
    // Same rule as ZPracticeSlug in src/lib/domain/practices/schemas.ts (kept in sync by hand:
    // the Zod module is also bundled for the browser and must not import Drizzle).
    check('practices_slug_format', sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$'`),
  ],
);

/** A place where a practice sees patients; each has its own time zone for clinic-local display. */
export const locations = pgTable(
  'locations',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    name: text('name').notNull(),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    city: text('city'),
    /** State, province or county, as written locally. */
    region: text('region'),
    postalCode: text('postal_code'),
    /** ISO 3166-1 alpha-2, upper case. */
    country: text('country').notNull().default('US'),
    timeZone: text('time_zone').notNull(),
    /** E.164 (`+13125550142`), normalized by ZPhone. */
    phone: text('phone'),
    ...syncColumns(),
  },
  (t) => [
    // Target of composite foreign keys `(practice_id, location_id)` from later tenant tables.
    unique('locations_practice_id_id_unique').on(t.practiceId, t.id),
    // Pull: "rows of practice P with version > cursor, in version order".
    index('locations_practice_id_version_idx').on(t.practiceId, t.version),
    check('locations_country_format', sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

export type Practice = typeof practices.$inferSelect;
export type NewPractice = typeof practices.$inferInsert;
export type Location = typeof locations.$inferSelect;
export type NewLocation = typeof locations.$inferInsert;
