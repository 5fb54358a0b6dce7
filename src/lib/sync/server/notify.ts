import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '@/lib/db/client';
import type { TPoke } from '../protocol/events';

/** The NOTIFY channel carrying "practice P is at version N" between app instances (DESIGN §1). */
export const SYNC_CHANNEL = 'openpractice_sync';

/**
 * Queues pokes in the writing transaction: PostgreSQL (and PGlite) deliver a NOTIFY only when the
 * transaction commits, so a listener never pulls before the change is visible, and a rolled-back
 * write pokes nobody. The payload holds ids and a number only, never patient data.
 */
export const queuePokes = async (tx: Tx, pokes: readonly TPoke[]): Promise<void> => {
  if (pokes.length > 0) {
    await tx.execute(pokesSelect(pokes));
  }
};

/** The select that queues `pokes`, for a caller that folds it into a statement of its own. */
export const pokesSelect = (pokes: readonly TPoke[]): SQL =>
  pokes.length === 0
    ? sql`select 0`
    : sql`select count(pg_notify(${SYNC_CHANNEL}, p.payload)) from (values ${sql.join(
        pokes.map((poke) => sql`(${JSON.stringify(poke)})`),
        sql`, `,
      )}) as p(payload)`;
