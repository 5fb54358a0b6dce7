import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appMeta } from '@/lib/db/schema/platform';
import { locations, practices } from '@/lib/db/schema/practices';
import { DEMO_PRACTICES, DEMO_SEEDED_KEY, seedDemoData } from '@/lib/db/seed/demo';
import { unsafeSystemTx, withActor } from '@/lib/db/tx';
import { ZCreateLocation, ZCreatePractice } from '@/lib/domain/practices/schemas';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

describe('demo seed', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
  });

  afterAll(async () => {
    await t.dispose();
  });

  it('defines valid practices', () => {
    for (const practice of DEMO_PRACTICES) {
      expect(ZCreatePractice.safeParse(practice).success).toBe(true);
      for (const location of practice.locations) {
        const parsed = ZCreateLocation.parse({ ...location, practiceId: '019ab8c2-4f6e-7000-8000-000000000001' });
        expect(parsed.phone).toBe(location.phone);
      }
    }
    expect(DEMO_PRACTICES.map((p) => p.slug)).toEqual(['riverside', 'harbor']);
  });

  it('loads once, even when two starts race', async () => {
    const results = await Promise.all([seedDemoData(t.database), seedDemoData(t.database)]);
    expect(results.filter((r) => r.seeded)).toHaveLength(1);
    expect(await seedDemoData(t.database)).toEqual({ seeded: false });

    const seeded = results.find((r) => r.seeded);
    if (!seeded?.seeded) {
      throw new Error('nothing seeded');
    }
    const ids = seeded.practices.map((p) => p.id);
    const rows = await withActor(t.database, { userId: null, practiceIds: ids }, async (tx) => ({
      practices: await tx.select().from(practices),
      locations: await tx.select().from(locations),
    }));
    expect(rows.practices.map((p) => p.slug).sort()).toEqual(['harbor', 'riverside']);
    expect(rows.locations).toHaveLength(3);

    const riverside = rows.practices.find((p) => p.slug === 'riverside');
    const riversideLocations = rows.locations.filter((l) => l.practiceId === riverside?.id);
    expect(riverside?.changeSeq).toBe(2);
    expect(riversideLocations.map((l) => l.version).sort()).toEqual([1, 2]);

    const [marker] = await unsafeSystemTx(t.database, (tx) =>
      tx.select().from(appMeta).where(eq(appMeta.key, DEMO_SEEDED_KEY)),
    );
    expect(typeof marker?.value).toBe('string');
  });
});
