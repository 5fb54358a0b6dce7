import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from './client';

/** Who a transaction acts for: the signed-in user (null for system work) and the practices in scope. */
export type DbActor = {
  userId: string | null;
  practiceIds: readonly string[];
};

/** The role every request transaction switches to (created by drizzle/0001_rls_baseline.sql). */
export const APP_ROLE = 'openpractice_app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const assertUuid = (value: string, what: string): void => {
  // The ids become a comma-separated setting parsed by app_practice_ids(): anything but a UUID
  // (a comma, above all) could widen the scope, so refuse it before it reaches SQL.
  if (!UUID.test(value)) {
    throw new TypeError(`withActor: ${what} must be a UUID`);
  }
};

/**
 * Runs `fn` in a transaction scoped to `actor`, the only way request and domain code touches
 * tenant data (DESIGN §4, §6):
 * - `SET LOCAL ROLE openpractice_app`: not the owner and without BYPASSRLS, so the FORCE'd
 *   row-level security policies apply to every statement;
 * - `app.user_id` and `app.practice_ids` set with `set_config(..., true)` (transaction-local, so a
 *   pooled connection never carries one request's scope into the next).
 *
 * Domain code must use only `tx` inside `fn`: a query on the outer database runs outside the
 * scope (and, on PGlite, waits for this transaction to end — a deadlock). With no practice ids
 * the transaction sees no tenant rows at all. Commits when `fn` resolves, rolls back when it throws.
 */
export type WithActorOptions = {
  /**
   * `repeatable read` for reads that must see one snapshot across statements (a sync pull reads the
   * change log, then the rows it names). Writers keep the default READ COMMITTED: appendAudit
   * relies on it (src/lib/audit/append-audit.ts).
   */
  isolationLevel?: 'read committed' | 'repeatable read';
  accessMode?: 'read only' | 'read write';
};

export const withActor = async <T>(
  database: Database,
  actor: DbActor,
  fn: (tx: Tx) => Promise<T>,
  // Drizzle sends `set transaction` for any config object, even an empty one: pass none by default.
  options: WithActorOptions = {},
): Promise<T> => {
  if (actor.userId !== null) {
    assertUuid(actor.userId, 'actor.userId');
  }
  for (const id of actor.practiceIds) {
    assertUuid(id, 'each of actor.practiceIds');
  }
  const practiceIds = [...new Set(actor.practiceIds.map((id) => id.toLowerCase()))].join(',');
  return database.db.transaction(async (tx) => {
    // One statement for all three (every request pays it): set_config('role', …, true) is
    // SET LOCAL ROLE, with the same membership check.
    await tx.execute(
      sql`select set_config('role', ${APP_ROLE}, true), set_config('app.user_id', ${actor.userId ?? ''}, true), set_config('app.practice_ids', ${practiceIds}, true)`,
    );
    return fn(tx);
  }, options.isolationLevel || options.accessMode ? options : undefined);
};

/**
 * Runs `fn` in a transaction as the connecting (owner) role, with no actor and no practice scope.
 *
 * Why it exists: migrations, the first-start seed and system jobs (retention sweeps, rate-limit
 * cleanup) work across practices or on platform tables, with no signed-in user. Row-level security
 * still applies to the owner because it is FORCE'd, unless the owner is a superuser or has BYPASSRLS
 * (PGlite and a local server: yes; some managed services: no) — system work on tenant tables that
 * must run everywhere sets its own `app.practice_ids`. Never call it from request handling or
 * domain code: that is what {@link withActor} is for. Use only `tx` inside `fn`.
 */
export const unsafeSystemTx = async <T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> =>
  database.db.transaction(fn);
