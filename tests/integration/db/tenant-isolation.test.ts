import { eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/lib/db/client';
import { rateLimitCounters } from '@/lib/db/schema/platform';
import { locations, practices, type Location, type Practice } from '@/lib/db/schema/practices';
import { unsafeSystemTx, withActor } from '@/lib/db/tx';
import { seedLocation, seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { rejectionReason } from './helpers';

describe('tenant isolation through withActor and RLS', () => {
  let t: TestDatabase;
  let a: Practice;
  let b: Practice;
  let aLocations: Location[];
  let bLocation: Location;
  const userId = uuidv7();

  beforeAll(async () => {
    t = await createTestDatabase();
    a = await seedPractice(t.database);
    b = await seedPractice(t.database);
    aLocations = [await seedLocation(t.database, { practice: a }), await seedLocation(t.database, { practice: a })];
    bLocation = await seedLocation(t.database, { practice: b });
  });

  afterAll(async () => {
    await t.dispose();
  });

  const asA = <T>(fn: Parameters<typeof withActor<T>>[2]) =>
    withActor(t.database, { userId, practiceIds: [a.id] }, fn);

  const bAsOwner = () =>
    unsafeSystemTx(t.database, async (tx) => ({
      practice: (await tx.select().from(practices).where(eq(practices.id, b.id)))[0],
      location: (await tx.select().from(locations).where(eq(locations.id, bLocation.id)))[0],
    }));

  it('runs as the app role with the actor in transaction-local settings', async () => {
    const [row] = await asA((tx) =>
      queryRows<{ role: string; user_id: string; practice_ids: string[] }>(
        tx,
        sql`select current_user as role, app_user_id()::text as user_id, app_practice_ids()::text[] as practice_ids`,
      ),
    );
    expect(row).toEqual({ role: 'openpractice_app', user_id: userId, practice_ids: [a.id] });
  });

  it("sees only its own practice's practices and locations", async () => {
    const seen = await asA(async (tx) => ({
      practices: await tx.select({ id: practices.id }).from(practices),
      locations: await tx.select({ id: locations.id }).from(locations),
      // Even asking for B by id finds nothing.
      b: await tx.select().from(practices).where(eq(practices.id, b.id)),
    }));
    expect(seen.practices.map((p) => p.id)).toEqual([a.id]);
    expect(seen.locations.map((l) => l.id).sort()).toEqual(aLocations.map((l) => l.id).sort());
    expect(seen.b).toEqual([]);
  });

  it("updates of the other practice's rows affect nothing", async () => {
    const before = await bAsOwner();
    const updated = await asA(async (tx) => ({
      practice: await tx.update(practices).set({ name: 'Taken over' }).where(eq(practices.id, b.id)).returning(),
      location: await tx
        .update(locations)
        .set({ name: 'Taken over' })
        .where(inArray(locations.id, [bLocation.id]))
        .returning(),
      deleted: await tx.delete(locations).where(eq(locations.id, bLocation.id)).returning(),
    }));
    expect(updated).toEqual({ practice: [], location: [], deleted: [] });
    expect(await bAsOwner()).toEqual(before);
  });

  it("cannot insert rows into the other practice, or create a practice outside its scope", async () => {
    const intoB = asA((tx) =>
      tx.insert(locations).values({ practiceId: b.id, name: 'Intruder', timeZone: 'UTC' }).returning(),
    );
    expect(await rejectionReason(intoB)).toMatch(/row-level security/);

    const newPractice = asA((tx) =>
      tx.insert(practices).values({ name: 'Elsewhere', slug: `elsewhere-${a.slug}`, timeZone: 'UTC' }),
    );
    expect(await rejectionReason(newPractice)).toMatch(/row-level security/);
  });

  it("cannot move its own row into the other practice", async () => {
    const move = asA((tx) =>
      tx.update(locations).set({ practiceId: b.id }).where(eq(locations.id, aLocations[0]?.id ?? '')).returning(),
    );
    expect(await rejectionReason(move)).toMatch(/row-level security/);
  });

  it('can write its own rows', async () => {
    const [inserted] = await asA((tx) =>
      tx.insert(locations).values({ practiceId: a.id, name: 'Annex', timeZone: 'America/Chicago' }).returning(),
    );
    expect(inserted?.practiceId).toBe(a.id);
  });

  it('sees nothing without practice ids, and the scope never outlives its transaction', async () => {
    await asA((tx) => tx.select().from(practices));
    const seen = await withActor(t.database, { userId: null, practiceIds: [] }, async (tx) => ({
      practices: await tx.select().from(practices),
      locations: await tx.select().from(locations),
    }));
    expect(seen).toEqual({ practices: [], locations: [] });
  });

  it('sees both practices when both are in scope', async () => {
    const seen = await withActor(t.database, { userId, practiceIds: [a.id, b.id] }, (tx) =>
      tx.select({ id: practices.id }).from(practices),
    );
    expect(seen.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('refuses ids that are not UUIDs before reaching SQL', async () => {
    await expect(withActor(t.database, { userId, practiceIds: [`${a.id},${b.id}`] }, async () => 1)).rejects.toThrow(
      TypeError,
    );
    await expect(withActor(t.database, { userId: "x' or 1=1", practiceIds: [a.id] }, async () => 1)).rejects.toThrow(
      TypeError,
    );
  });

  it('lets the app role use the platform tables (no RLS) for the shared rate limiter', async () => {
    const key = `test:${uuidv7()}`;
    const hit = () =>
      withActor(t.database, { userId: null, practiceIds: [] }, async (tx) => {
        const [row] = await tx
          .insert(rateLimitCounters)
          .values({ key, count: 1, expiresAt: new Date(Date.now() + 60_000) })
          .onConflictDoUpdate({ target: rateLimitCounters.key, set: { count: sql`${rateLimitCounters.count} + 1` } })
          .returning({ count: rateLimitCounters.count });
        return row?.count;
      });
    expect(await hit()).toBe(1);
    expect(await hit()).toBe(2);
  });
});
