import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../client';
import { appMeta } from '../schema/platform';
import { locations, practices, type NewLocation } from '../schema/practices';
import { changeLog } from '../schema/sync';
import { withActor } from '../tx';

/** The app_meta key recording that the demo data was loaded (value: ISO timestamp). */
export const DEMO_SEEDED_KEY = 'demo_seeded_at';

export type DemoLocation = Omit<NewLocation, 'id' | 'practiceId' | 'version' | 'createdAt' | 'updatedAt'>;

export type DemoPractice = {
  name: string;
  slug: string;
  timeZone: string;
  locations: readonly DemoLocation[];
};

/** The demo practices loaded on first start (printed by the start script). Phones use 555-01xx. */
export const DEMO_PRACTICES: readonly DemoPractice[] = [
  {
    name: 'Riverside Family Medicine',
    slug: 'riverside',
    timeZone: 'America/Chicago',
    locations: [
      {
        name: 'Riverside Main Clinic',
        addressLine1: '1420 N Riverside Dr',
        addressLine2: 'Suite 200',
        city: 'Chicago',
        region: 'IL',
        postalCode: '60614',
        country: 'US',
        timeZone: 'America/Chicago',
        phone: '+13125550142',
      },
      {
        name: 'Riverside Oak Park',
        addressLine1: '815 Lake St',
        city: 'Oak Park',
        region: 'IL',
        postalCode: '60301',
        country: 'US',
        timeZone: 'America/Chicago',
        phone: '+17085550117',
      },
    ],
  },
  {
    name: 'Harbor Pediatrics',
    slug: 'harbor',
    timeZone: 'America/New_York',
    locations: [
      {
        name: 'Harbor Pediatrics Seaport',
        addressLine1: '60 Harbor View Ave',
        addressLine2: 'Floor 3',
        city: 'Boston',
        region: 'MA',
        postalCode: '02210',
        country: 'US',
        timeZone: 'America/New_York',
        phone: '+16175550163',
      },
    ],
  },
];

export type SeedDemoResult =
  | { seeded: false }
  | { seeded: true; practices: { id: string; slug: string; locationIds: string[] }[] };

// Two app instances starting together must not both seed: the second waits here, then sees the marker.
const SEED_LOCK_KEY = 7_246_091_319;

/**
 * Loads {@link DEMO_PRACTICES} once per database. The marker in app_meta is written in the same
 * transaction as the rows, so a crash leaves either everything or nothing; a later call returns
 * `{ seeded: false }` and changes nothing (even if the demo practices were edited or deleted since).
 *
 * Runs through {@link withActor} scoped to the new practice ids, not as the owner: the inserts pass
 * the same row-level security as any request, so the seed works whether or not the owner bypasses RLS.
 */
export const seedDemoData = async (database: Database): Promise<SeedDemoResult> => {
  const planned = DEMO_PRACTICES.map((practice) => {
    const id = uuidv7();
    return {
      practice: { id, name: practice.name, slug: practice.slug, timeZone: practice.timeZone },
      // Versions come from the practice's counter like any write (DESIGN §5 inv. 1): location i
      // gets version i + 1 and change_seq ends at the count, so a first pull (cursor 0) sees them.
      locations: practice.locations.map((location, index) => ({
        ...location,
        id: uuidv7(),
        practiceId: id,
        version: index + 1,
      })),
    };
  });
  return withActor(database, { userId: null, practiceIds: planned.map((p) => p.practice.id) }, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const [marker] = await tx.select().from(appMeta).where(eq(appMeta.key, DEMO_SEEDED_KEY));
    if (marker) {
      return { seeded: false };
    }
    for (const { practice, locations: rows } of planned) {
      await tx.insert(practices).values({ ...practice, changeSeq: rows.length });
      await tx.insert(locations).values(rows);
      // Locations sync to devices: each gets its change log entry at its version (DESIGN §5).
      await tx.insert(changeLog).values(rows.map((row) => ({ practiceId: row.practiceId, tableName: 'locations', rowId: row.id, version: row.version, op: 'put' as const })));
    }
    await tx.insert(appMeta).values({ key: DEMO_SEEDED_KEY, value: new Date().toISOString() });
    return {
      seeded: true,
      practices: planned.map(({ practice, locations: rows }) => ({
        id: practice.id,
        slug: practice.slug,
        locationIds: rows.map((row) => row.id),
      })),
    };
  });
};
