import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { patients } from '@/lib/db/schema/patients';
import { practices, type Practice } from '@/lib/db/schema/practices';
import { changeLog, syncMutationOutcomes } from '@/lib/db/schema/sync';
import { unsafeSystemTx } from '@/lib/db/tx';
import { sweepSyncRetention } from '@/lib/sync/server/sweep';
import { seedStaff } from '../../factories/identity';
import { patientArgs } from '../../factories/patients';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { createTestClient } from './helpers';

let t: TestDatabase;
let database: Database;
let practice: Practice;

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  practice = await seedPractice(database);
});
afterAll(async () => {
  await t.dispose();
});

/** Tombstones a patient the way a later removal mutation will: row marked, change log says remove. */
const tombstone = async (patientId: string, changedAt: Date) =>
  unsafeSystemTx(database, async (tx) => {
    await tx.execute(sql`select set_config('app.practice_ids', ${practice.id}, true)`);
    const [row] = await tx
      .update(practices)
      .set({ changeSeq: sql`${practices.changeSeq} + 1` })
      .where(eq(practices.id, practice.id))
      .returning({ version: practices.changeSeq });
    const version = row?.version ?? 0;
    await tx.update(patients).set({ deletedAt: changedAt, version }).where(eq(patients.id, patientId));
    await tx
      .update(changeLog)
      .set({ op: 'remove', version, changedAt })
      .where(eq(changeLog.rowId, patientId));
    return version;
  });

describe('tombstone retention', () => {
  it('sweeps old removals, moves the horizon, and resets a replica that fell behind it', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const writer = createTestClient(database, nurse);
    const kept = patientArgs(practice.id);
    const removed = patientArgs(practice.id);
    await writer.push([writer.envelope('patients.create', kept), writer.envelope('patients.create', removed)]);

    // A replica syncs, then goes quiet for months.
    const sleeper = createTestClient(database, nurse);
    const before = await sleeper.pull({});
    expect(before.changes).toHaveLength(2);

    const longAgo = new Date(Date.now() - 90 * 24 * 60 * 60 * 1000);
    const removalVersion = await tombstone(removed.id, longAgo);
    const swept = await sweepSyncRetention({ database });
    expect(swept).toMatchObject({ removalsSwept: 1, practicesAdvanced: 1 });
    const [head] = await database.db.select({ horizon: practices.syncHorizon }).from(practices).where(eq(practices.id, practice.id));
    expect(head?.horizon).toBe(removalVersion);

    // Its cursor is older than the horizon: it must start over, and ends with exactly the live rows.
    const after = await sleeper.pull(before.cursors);
    expect(after.resets).toEqual([practice.id]);
    expect(after.changes.map((c) => (c.op === 'put' ? c.row.id : c.id))).toEqual([kept.id]);

    // A replica that is up to date is not reset.
    const fresh = await sleeper.pull(after.cursors);
    expect(fresh.resets).toEqual([]);
  });

  it('keeps recent removals and mutation digests', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const writer = createTestClient(database, nurse);
    const recent = patientArgs(practice.id);
    await writer.push([writer.envelope('patients.create', recent)]);
    await tombstone(recent.id, new Date());
    const [before] = await database.db.select({ horizon: practices.syncHorizon }).from(practices).where(eq(practices.id, practice.id));
    await sweepSyncRetention({ database });
    const [entry] = await database.db.select().from(changeLog).where(eq(changeLog.rowId, recent.id));
    expect(entry).toMatchObject({ op: 'remove' });
    const digests = await database.db.select().from(syncMutationOutcomes).where(eq(syncMutationOutcomes.clientId, writer.clientId));
    expect(digests).toHaveLength(1);
    const [after] = await database.db.select({ horizon: practices.syncHorizon }).from(practices).where(eq(practices.id, practice.id));
    expect(after?.horizon).toBe(before?.horizon);
  });
});
