import { getTableColumns } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ZPullResponse } from '../protocol/pull';
import { SYNCED_TABLES } from '../protocol/tables';
import { SYNCED_PG_TABLES } from '../server/synced-tables';
import { parsePullResponse, WIRE_ROW_FIELDS, type WireField } from './check-pull-response';

const practiceId = '0193a1b2-0000-7000-8000-000000000002';
const otherPractice = '0193a1b2-0000-7000-8000-000000000009';
const rowId = '0193a1b2-0000-7000-8000-000000000003';
const userId = '0193a1b2-0000-7000-8000-000000000004';
const at = '2026-11-25T09:30:00.123Z';

const patientRow = {
  id: rowId,
  practiceId,
  mrn: 'P000042',
  givenName: 'Amara',
  middleName: null,
  familyName: 'Okafor',
  dateOfBirth: '1984-02-29',
  sexAtBirth: 'female',
  phoneMobile: '+13125550100',
  archivedAt: null,
  version: 7,
  createdAt: at,
  updatedAt: at,
  createdBy: userId,
  updatedBy: null,
  deletedAt: null,
};
const conflictRow = {
  id: '0193a1b2-0000-7000-8000-000000000005',
  practiceId,
  entityTable: 'patients',
  entityId: rowId,
  reason: 'field_collision',
  mutationName: 'patients.update',
  clientId: null,
  mutationId: 3,
  authorUserId: userId,
  mine: { city: 'Evanston' },
  theirs: { city: 'Gary' },
  base: null,
  error: null,
  status: 'open',
  resolution: null,
  resolvedBy: null,
  resolvedAt: null,
  version: 8,
  createdAt: at,
  updatedAt: at,
  createdBy: userId,
  updatedBy: userId,
  deletedAt: null,
};

const answer = (changes: unknown[], extra: Record<string, unknown> = {}) => ({
  resets: [],
  revoked: [],
  changes,
  cursors: { [practiceId]: 9 },
  hasMore: false,
  lastMutationId: 0,
  ...extra,
});
const putPatient = (row: Record<string, unknown> = patientRow, change: Record<string, unknown> = {}) => ({
  op: 'put',
  practiceId,
  table: 'patients',
  version: 7,
  row,
  ...change,
});
const remove = (change: Record<string, unknown> = {}) => ({ op: 'remove', practiceId, table: 'patients', version: 9, id: rowId, ...change });

const verdict = (raw: unknown): boolean => {
  try {
    parsePullResponse(raw);
    return true;
  } catch {
    return false;
  }
};

describe('parsePullResponse', () => {
  it('accepts what ZPullResponse accepts, and returns the same answer', () => {
    const good = answer([putPatient(), { op: 'put', practiceId, table: 'conflicts', version: 8, row: conflictRow }, remove()], {
      resets: [practiceId],
      hasMore: true,
    });
    expect(parsePullResponse(good)).toEqual(ZPullResponse.parse(good));
  });

  it('refuses exactly what ZPullResponse refuses in the envelope and the changes', () => {
    const cases: unknown[] = [
      null,
      [],
      { surprise: true },
      answer([], { hasMore: 'no' }),
      answer([], { cursors: { 'not-a-uuid': 1 } }),
      answer([], { lastMutationId: -1 }),
      answer([], { resets: ['x'] }),
      answer([null]),
      answer([[]]),
      answer([putPatient(patientRow, { op: 'upsert' })]),
      answer([putPatient(patientRow, { practiceId: 'x' })]),
      answer([putPatient(patientRow, { table: 'users' })]),
      answer([putPatient(patientRow, { version: 1.5 })]),
      answer([putPatient(patientRow, { version: -1 })]),
      answer([putPatient(patientRow, { version: Number.MAX_SAFE_INTEGER + 2 })]),
      answer([putPatient(patientRow, { row: undefined })]),
      answer([putPatient(patientRow, { row: [] })]),
      answer([putPatient(patientRow, { row: 'text' })]),
      answer([putPatient({ ...patientRow, id: undefined })]),
      answer([putPatient({ ...patientRow, id: 'not-a-uuid' })]),
      answer([putPatient({ ...patientRow, practiceId: undefined })]),
      answer([putPatient({ ...patientRow, practiceId: otherPractice })]),
      answer([putPatient({ ...patientRow, version: undefined })]),
      answer([putPatient({ ...patientRow, version: '7' })]),
      answer([remove({ id: undefined })]),
      answer([remove({ id: 'x' })]),
      answer([remove({ table: 'audit_log' })]),
      // Valid ones among them, so the comparison is not only of refusals.
      answer([putPatient({ id: rowId, practiceId, version: 1 })]),
      answer([remove()]),
    ];
    for (const raw of cases) {
      expect(verdict(raw), JSON.stringify(raw)).toBe(ZPullResponse.safeParse(raw).success);
    }
  });

  it("also checks each known field's type per table, and keeps fields it does not know", () => {
    const wrong: Record<string, unknown>[] = [
      { familyName: 42 },
      { familyName: null },
      { middleName: 7 },
      { dateOfBirth: '29/02/1984' },
      { createdAt: '2026-11-25 09:30:00+00' },
      { archivedAt: 'yesterday' },
      { createdBy: 'someone' },
      { mrn: { value: 'P1' } },
    ];
    for (const patch of wrong) {
      const raw = answer([putPatient({ ...patientRow, ...patch })]);
      // The reference schema lets these through; the device does not.
      expect(ZPullResponse.safeParse(raw).success).toBe(true);
      expect(verdict(raw), JSON.stringify(patch)).toBe(false);
    }
    expect(verdict(answer([{ op: 'put', practiceId, table: 'conflicts', version: 8, row: { ...conflictRow, mutationId: '3' } }]))).toBe(false);
    const newer = { ...patientRow, nickname: 'Ami' };
    expect(parsePullResponse(answer([putPatient(newer)])).changes[0]).toMatchObject({ row: newer });
  });

  it('names the field at fault without quoting its value (rows carry patient data)', () => {
    const raw = answer([putPatient({ ...patientRow, familyName: 12345 })]);
    expect(() => parsePullResponse(raw)).toThrow(/familyName/);
    expect(() => parsePullResponse(raw)).not.toThrow(/12345/);
  });
});

describe('WIRE_ROW_FIELDS', () => {
  const KINDS: Record<string, WireField['kind']> = {
    PgUUID: 'uuid',
    PgText: 'text',
    PgDateString: 'date',
    PgTimestamp: 'instant',
    PgBigInt53: 'integer',
    PgInteger: 'integer',
    PgSmallInt: 'integer',
    PgBoolean: 'boolean',
    PgJsonb: 'json',
  };

  it("matches the server's columns of every synced table (what its pull sends)", () => {
    for (const table of SYNCED_TABLES) {
      const expected = Object.fromEntries(
        Object.entries(getTableColumns(SYNCED_PG_TABLES[table])).map(([key, column]) => [key, { kind: KINDS[column.columnType], nullable: !column.notNull }]),
      );
      expect(WIRE_ROW_FIELDS[table], table).toEqual(expected);
    }
  });
});
