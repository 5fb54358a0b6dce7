import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { practices, type Practice } from '@/lib/db/schema/practices';
import { unsafeSystemTx, withActor } from '@/lib/db/tx';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

// DESIGN §5 invariant 1: versions come from the practice's change_seq, locked by the writing
// transaction, so concurrent writers get consecutive numbers and commit in that order.
describe('practices.change_seq', () => {
  let t: TestDatabase;
  let practice: Practice;

  beforeAll(async () => {
    t = await createTestDatabase();
    practice = await seedPractice(t.database);
  });

  afterAll(async () => {
    await t.dispose();
  });

  it('gives 20 concurrent transactions exactly 1..20, committed in version order', async () => {
    const committed: number[] = [];
    const writers = Array.from({ length: 20 }, () =>
      withActor(t.database, { userId: null, practiceIds: [practice.id] }, async (tx) => {
        const [row] = await tx
          .update(practices)
          .set({ changeSeq: sql`${practices.changeSeq} + 1` })
          .where(eq(practices.id, practice.id))
          .returning({ version: practices.changeSeq });
        // Hold the row lock a little, so the other writers really queue behind it.
        await tx.execute(sql`select pg_sleep(0.01)`);
        return row?.version;
      }).then((version) => {
        committed.push(version ?? -1);
        return version;
      }),
    );
    const versions = await Promise.all(writers);
    const expected = Array.from({ length: 20 }, (_, i) => i + 1);
    expect([...versions].sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual(expected);
    expect(committed).toEqual(expected);

    const [after] = await unsafeSystemTx(t.database, (tx) =>
      tx.select({ changeSeq: practices.changeSeq }).from(practices).where(eq(practices.id, practice.id)),
    );
    expect(after?.changeSeq).toBe(20);
  });

  it('a rolled-back writer leaves no gap', async () => {
    const start = 20;
    await expect(
      withActor(t.database, { userId: null, practiceIds: [practice.id] }, async (tx) => {
        await tx
          .update(practices)
          .set({ changeSeq: sql`${practices.changeSeq} + 1` })
          .where(eq(practices.id, practice.id));
        throw new Error('domain rule failed');
      }),
    ).rejects.toThrow('domain rule failed');
    const [row] = await withActor(t.database, { userId: null, practiceIds: [practice.id] }, (tx) =>
      tx
        .update(practices)
        .set({ changeSeq: sql`${practices.changeSeq} + 1` })
        .where(eq(practices.id, practice.id))
        .returning({ version: practices.changeSeq }),
    );
    expect(row?.version).toBe(start + 1);
  });
});
