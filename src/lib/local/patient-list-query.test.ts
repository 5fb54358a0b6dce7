import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import { patientListStatement, patientStatement, toPatientPage, type PatientListFilter } from './patient-list-query';

/*
 * The device's patient list against a real local database (the wa-sqlite build and schema the
 * browser uses, in memory): search by name, birth date, MRN and phone; archived and removed
 * patients; another practice's rows; paging.
 */

type Store = Awaited<ReturnType<typeof openNodeSqliteStore>>;
let store: Store | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
});

const PRACTICE = uuidv7();
const OTHER = uuidv7();

const patient = (practiceId: string, overrides: Record<string, string | null>) => {
  const id = uuidv7();
  return {
    id,
    practiceId,
    givenName: 'Given',
    middleName: null,
    familyName: 'Family',
    preferredName: null,
    dateOfBirth: '1980-01-01',
    mrn: '000001',
    phoneMobile: null,
    phoneHome: null,
    archivedAt: null,
    deletedAt: null,
    ...overrides,
  };
};

const seed = async () => {
  store = await openNodeSqliteStore();
  const rows = [
    patient(PRACTICE, { givenName: 'Maria', familyName: 'Alvarez', preferredName: 'Mia', dateOfBirth: '1984-07-19', mrn: '000042', phoneMobile: '+13125550142' }),
    patient(PRACTICE, { givenName: 'Marcus', familyName: 'Bell', dateOfBirth: '1990-02-03', mrn: '000043', phoneHome: '+17085550199' }),
    patient(PRACTICE, { givenName: 'Ann', familyName: 'Martin', middleName: 'Louise', mrn: 'NEW-ABC123' }),
    patient(PRACTICE, { givenName: 'Old', familyName: 'Abernathy', archivedAt: '2026-01-01T00:00:00Z', mrn: '000044' }),
    patient(PRACTICE, { givenName: 'Gone', familyName: 'Marsh', deletedAt: '2026-01-01T00:00:00Z', mrn: '000045' }),
    patient(OTHER, { givenName: 'Maria', familyName: 'Elsewhere', mrn: '000042', phoneMobile: '+13125550142' }),
  ];
  for (const row of rows) {
    await store.connection.run('insert into patients (id, practice_id, version, data) values (?, ?, 1, ?)', [row.id, row.practiceId, JSON.stringify(row)]);
  }
  return rows;
};

const list = async (filter: Partial<PatientListFilter>) => {
  const full: PatientListFilter = { practiceId: PRACTICE, q: '', includeArchived: false, limit: 50, ...filter };
  const { sql, params } = patientListStatement(full);
  const page = toPatientPage(await (store as Store).connection.all<{ data: string }>(sql, params), full.limit);
  return { names: page.patients.map((p) => `${p.givenName} ${p.familyName}`), hasMore: page.hasMore };
};

describe('patients list on the device', () => {
  it("lists the practice's current patients by family name, hiding archived and removed ones unless asked", async () => {
    await seed();
    expect((await list({})).names).toEqual(['Maria Alvarez', 'Marcus Bell', 'Ann Martin']);
    expect((await list({ includeArchived: true })).names).toEqual(['Old Abernathy', 'Maria Alvarez', 'Marcus Bell', 'Ann Martin']);
  });

  it('finds by name prefix (given, middle, family, preferred), every word, any case', async () => {
    await seed();
    expect((await list({ q: 'mar' })).names).toEqual(['Maria Alvarez', 'Marcus Bell', 'Ann Martin']);
    expect((await list({ q: 'MIA' })).names).toEqual(['Maria Alvarez']);
    expect((await list({ q: 'lou' })).names).toEqual(['Ann Martin']);
    expect((await list({ q: 'mar bell' })).names).toEqual(['Marcus Bell']);
    // LIKE wildcards typed are literal.
    expect((await list({ q: 'm%' })).names).toEqual([]);
  });

  it('finds by birth date as ISO or as typed off a card, by MRN with or without zeros, and by phone ending', async () => {
    await seed();
    expect((await list({ q: '1984-07-19' })).names).toEqual(['Maria Alvarez']);
    expect((await list({ q: '7/19/1984' })).names).toEqual(['Maria Alvarez']);
    expect((await list({ q: '43' })).names).toEqual(['Marcus Bell']);
    expect((await list({ q: '000042' })).names).toEqual(['Maria Alvarez']);
    expect((await list({ q: '(312) 555-0142' })).names).toEqual(['Maria Alvarez']);
    expect((await list({ q: '708 555 0199' })).names).toEqual(['Marcus Bell']);
  });

  it('pages with a limit and says when more follow', async () => {
    await seed();
    expect(await list({ limit: 2 })).toEqual({ names: ['Maria Alvarez', 'Marcus Bell'], hasMore: true });
    expect(await list({ limit: 3 })).toEqual({ names: ['Maria Alvarez', 'Marcus Bell', 'Ann Martin'], hasMore: false });
  });

  it("reads one patient only within its practice and never a removed one", async () => {
    const rows = await seed();
    const [maria, , , , gone, elsewhere] = rows;
    const read = async (patientId: string) => {
      const { sql, params } = patientStatement({ practiceId: PRACTICE, patientId });
      return (await (store as Store).connection.all(sql, params)).length;
    };
    expect(await read(maria?.id ?? '')).toBe(1);
    expect(await read(gone?.id ?? '')).toBe(0);
    expect(await read(elsewhere?.id ?? '')).toBe(0);
  });
});
