import { describe, expect, it } from 'vitest';
import { dataKeyHex, generateDataKey } from '@/lib/local/key-wrap';
import { LOCAL_MIGRATIONS, migrateLocalDatabase } from './local-schema';
import { openNodeSqliteConnection } from './node-sqlite';
import { createSqliteStore } from './sqlite-store';

const practiceId = '0193a1b2-0000-7000-8000-000000000001';
const patientId = '0193a1b2-0000-7000-8000-000000000002';

describe('the device database schema', () => {
  it('an app update migrates a device in place: its unsynced changes, rows and cursors survive', async () => {
    expect(LOCAL_MIGRATIONS.length).toBeGreaterThan(1);
    const { connection } = await openNodeSqliteConnection({ key: dataKeyHex(generateDataKey()) });
    // The device as the first release left it: schema 1, a pending change, a confirmed row.
    await migrateLocalDatabase(connection, LOCAL_MIGRATIONS.slice(0, 1));
    await connection.run("insert into outbox (id, name, args, base_versions, created_at) values (7, 'patients.update', ?, '{}', '2026-11-25T10:00:00.000Z')", [
      JSON.stringify({ practiceId, patientId, changes: { phoneMobile: '+13125550100' }, base: {} }),
    ]);
    await connection.run('insert into patients (id, practice_id, version, data) values (?, ?, 3, ?)', [patientId, practiceId, JSON.stringify({ id: patientId, practiceId })]);
    await connection.run('insert into cursors (practice_id, version) values (?, 3)', [practiceId]);

    // The new release opens it.
    const store = await createSqliteStore(connection);
    expect(Number((await connection.get<{ user_version: number }>('pragma user_version'))?.user_version)).toBe(LOCAL_MIGRATIONS.length);
    await store.transaction(async (tx) => {
      expect(await tx.listOutbox()).toEqual([
        expect.objectContaining({ id: 7, name: 'patients.update', args: expect.objectContaining({ patientId }) as unknown }),
      ]);
      expect(await tx.getRow('patients', patientId)).toEqual(expect.objectContaining({ id: patientId }));
      expect(await tx.getCursors()).toEqual({ [practiceId]: 3 });
      // The tables of the new release are there.
      await tx.putRow('appointments', { id: patientId, practiceId, version: 0 });
      expect(await tx.getRow('appointments', patientId)).toEqual(expect.objectContaining({ id: patientId }));
    });
    await store.close();
  });

  it('refuses a database written by a newer app rather than misreading it', async () => {
    const { connection } = await openNodeSqliteConnection();
    await migrateLocalDatabase(connection);
    await expect(migrateLocalDatabase(connection, LOCAL_MIGRATIONS.slice(0, 1))).rejects.toThrow(/newer than this app/);
    await connection.close();
  });
});
