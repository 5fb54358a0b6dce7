import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Database } from '@/lib/db/client';
import { locations, practices, type Location, type NewLocation, type NewPractice, type Practice } from '@/lib/db/schema/practices';
import { changeLog } from '@/lib/db/schema/sync';
import { unsafeSystemTx } from '@/lib/db/tx';

/*
 * Factories write as the owner through unsafeSystemTx with the practice in scope (set_config), so
 * they work whether or not the connecting role bypasses RLS. Defaults are unique per call, so tests
 * never depend on one shared dataset.
 */

const unique = (): string => randomBytes(4).toString('hex');

const scopeTo = (practiceId: string) => sql`select set_config('app.practice_ids', ${practiceId}, true)`;

/** Inserts a practice with unique name and slug unless overridden. */
export const seedPractice = async (database: Database, overrides: Partial<NewPractice> = {}): Promise<Practice> => {
  const suffix = unique();
  const id = overrides.id ?? uuidv7();
  return unsafeSystemTx(database, async (tx) => {
    await tx.execute(scopeTo(id));
    const [row] = await tx
      .insert(practices)
      .values({
        name: `Test Practice ${suffix}`,
        slug: `test-${suffix}`,
        timeZone: 'America/Chicago',
        ...overrides,
        id,
      })
      .returning();
    if (!row) {
      throw new Error('seedPractice: insert returned no row');
    }
    return row;
  });
};

/**
 * Inserts a location of `practice`, with its version allocated from the practice's change_seq as
 * every write does (DESIGN §5 invariant 1).
 */
export const seedLocation = async (
  database: Database,
  { practice, ...overrides }: { practice: Pick<Practice, 'id'> } & Partial<Omit<NewLocation, 'practiceId'>>,
): Promise<Location> =>
  unsafeSystemTx(database, async (tx) => {
    await tx.execute(scopeTo(practice.id));
    const [allocated] = await tx
      .update(practices)
      .set({ changeSeq: sql`${practices.changeSeq} + 1` })
      .where(eq(practices.id, practice.id))
      .returning({ version: practices.changeSeq });
    if (!allocated) {
      throw new Error('seedLocation: practice not found');
    }
    const [row] = await tx
      .insert(locations)
      .values({
        name: `Test Location ${unique()}`,
        addressLine1: '100 Test St',
        city: 'Springfield',
        region: 'IL',
        postalCode: '62701',
        country: 'US',
        timeZone: 'America/Chicago',
        phone: '+12175550100',
        version: allocated.version,
        ...overrides,
        practiceId: practice.id,
      })
      .returning();
    if (!row) {
      throw new Error('seedLocation: insert returned no row');
    }
    // Locations sync (issue #7): every write to a synced table moves its change log entry.
    await tx.insert(changeLog).values({ practiceId: practice.id, tableName: 'locations', rowId: row.id, version: row.version, op: 'put' });
    return row;
  });
