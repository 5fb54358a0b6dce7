import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import { openConflictCountStatement } from './conflict-count';
import { openConflictsStatement, resolvedConflictsStatement, toConflictEntries } from './conflict-queries';

/*
 * The inbox's reads against a real device database (the wa-sqlite build and schema the browser
 * uses, in memory): open ones newest first with their patient's name, resolved ones apart, another
 * practice's and removed rows left out, and the count for the navigation badge.
 */

type Store = Awaited<ReturnType<typeof openNodeSqliteStore>>;
let store: Store | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
});

const PRACTICE = uuidv7();
const OTHER = uuidv7();
const PATIENT = uuidv7();

const conflict = (practiceId: string, overrides: Record<string, unknown>) => ({
  id: uuidv7(),
  practiceId,
  entityTable: 'patients',
  entityId: PATIENT,
  reason: 'field_collision',
  mutationName: 'patients.update',
  authorUserId: uuidv7(),
  mine: { phoneMobile: '+16175550101' },
  theirs: { phoneMobile: '+16175550202' },
  base: { phoneMobile: null },
  error: null,
  status: 'open',
  resolution: null,
  resolvedBy: null,
  resolvedAt: null,
  createdAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T10:00:00.000Z',
  deletedAt: null,
  ...overrides,
});

const seed = async () => {
  store = await openNodeSqliteStore();
  await store.connection.run('insert into patients (id, practice_id, version, data) values (?, ?, 1, ?)', [
    PATIENT,
    PRACTICE,
    JSON.stringify({ id: PATIENT, practiceId: PRACTICE, givenName: 'Maria', familyName: 'Alvarez' }),
  ]);
  const rows = {
    older: conflict(PRACTICE, { createdAt: '2026-11-25T09:00:00.000Z' }),
    newer: conflict(PRACTICE, { createdAt: '2026-11-25T11:00:00.000Z' }),
    refusedCreate: conflict(PRACTICE, {
      entityId: uuidv7(),
      reason: 'rejected',
      mutationName: 'patients.create',
      mine: { id: 'x', practiceId: PRACTICE, givenName: 'Wren', familyName: 'Offline' },
      createdAt: '2026-11-25T08:00:00.000Z',
    }),
    resolvedEarly: conflict(PRACTICE, { status: 'resolved', resolution: 'keep_theirs', resolvedAt: '2026-11-25T12:00:00.000Z' }),
    resolvedLate: conflict(PRACTICE, { status: 'resolved', resolution: 'merged', resolvedAt: '2026-11-25T13:00:00.000Z' }),
    removed: conflict(PRACTICE, { deletedAt: '2026-11-25T12:00:00.000Z' }),
    elsewhere: conflict(OTHER, {}),
  };
  for (const row of Object.values(rows)) {
    await store.connection.run('insert into conflicts (id, practice_id, version, data) values (?, ?, 1, ?)', [row.id, row.practiceId, JSON.stringify(row)]);
  }
  return rows;
};

const read = async (statement: { sql: string; params: (string | number | null | Uint8Array)[] }) => {
  if (store === undefined) {
    throw new Error('not seeded');
  }
  return toConflictEntries(await store.connection.all<{ data: string; patient: string | null }>(statement.sql, statement.params));
};

describe('conflict inbox queries', () => {
  it('lists the open conflicts of the practice newest first, each with its patient name', async () => {
    const rows = await seed();
    const open = await read(openConflictsStatement(PRACTICE));
    expect(open.map((entry) => entry.conflict.id)).toEqual([rows.newer.id, rows.older.id, rows.refusedCreate.id]);
    expect(open.map((entry) => entry.patientName)).toEqual(['Alvarez, Maria', 'Alvarez, Maria', 'Offline, Wren']);
    expect(open[0]?.conflict.mine).toEqual({ phoneMobile: '+16175550101' });
  });

  it('lists resolved conflicts apart, the latest resolution first', async () => {
    const rows = await seed();
    const resolved = await read(resolvedConflictsStatement(PRACTICE));
    expect(resolved.map((entry) => entry.conflict.id)).toEqual([rows.resolvedLate.id, rows.resolvedEarly.id]);
    expect(await read(resolvedConflictsStatement(PRACTICE, 1))).toHaveLength(1);
  });

  it('counts the open conflicts of the practice only', async () => {
    await seed();
    const count = async (practiceId: string) => {
      const { sql, params } = openConflictCountStatement(practiceId);
      return (await store?.connection.get<{ n: number }>(sql, params))?.n;
    };
    expect(await count(PRACTICE)).toBe(3);
    expect(await count(OTHER)).toBe(1);
    expect(await count(uuidv7())).toBe(0);
  });
});
