import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';

/*
 * Platform tables: state of the installation, not of a practice. They have no practice_id and no
 * row-level security; the app role still gets DML on them (drizzle/0001_rls_baseline.sql).
 */

/** Small key/value facts about the installation, e.g. `demo_seeded_at`. */
export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>(),
  updatedAt: timestamptz('updated_at')
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});

/**
 * Fixed-window counters for the PostgreSQL-backed rate limiter, shared by every app instance
 * (DESIGN §9). One statement counts a hit:
 * `INSERT ... ON CONFLICT (key) DO UPDATE SET count = rate_limit_counters.count + 1 RETURNING count`.
 * Expired rows are swept by `expires_at`, hence its index.
 */
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (t) => [index('rate_limit_counters_expires_at_idx').on(t.expiresAt)],
);

export type AppMeta = typeof appMeta.$inferSelect;
export type RateLimitCounter = typeof rateLimitCounters.$inferSelect;
