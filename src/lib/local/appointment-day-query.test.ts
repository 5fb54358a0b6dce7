import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { localDayBounds } from '@/lib/domain/scheduling/zoned-time';
import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import { practiceRangeStatement, providerDayStatement } from './appointment-day-query';

/*
 * A provider's day and a practice's day read from a real device database (the wa-sqlite build and
 * schema the browser uses, encrypted, in memory): appointments across midnight, the longest
 * appointment, the range's edges, cancelled, removed and other practices' rows, and the indexes the
 * statements must use.
 */

type Store = Awaited<ReturnType<typeof openNodeSqliteStore>>;
let store: Store | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
});

const PRACTICE = uuidv7();
const OTHER_PRACTICE = uuidv7();
const DR_A = uuidv7();
const DR_B = uuidv7();
// 2026-12-08 in Chicago: 06:00Z to 06:00Z the next day.
const DAY = localDayBounds('2026-12-08', 'America/Chicago');

const appointment = (label: string, startsAt: string, endsAt: string, overrides: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  practiceId: PRACTICE,
  providerId: DR_A,
  patientId: uuidv7(),
  locationId: uuidv7(),
  roomId: null,
  typeId: uuidv7(),
  startsAt,
  endsAt,
  status: 'booked',
  notes: label,
  deletedAt: null,
  version: 1,
  ...overrides,
});

const ROWS = [
  appointment('night before, ends at midnight', '2026-12-08T04:00:00.000Z', '2026-12-08T06:00:00.000Z'),
  appointment('across midnight', '2026-12-08T05:30:00.000Z', '2026-12-08T06:30:00.000Z'),
  appointment('twelve hours, into the morning', '2026-12-07T19:00:00.000Z', '2026-12-08T07:00:00.000Z'),
  appointment('first of the day', '2026-12-08T14:00:00.000Z', '2026-12-08T14:30:00.000Z'),
  appointment('cancelled', '2026-12-08T15:00:00.000Z', '2026-12-08T15:20:00.000Z', { status: 'cancelled' }),
  appointment('no-show', '2026-12-08T15:30:00.000Z', '2026-12-08T15:50:00.000Z', { status: 'no_show' }),
  appointment('removed', '2026-12-08T16:00:00.000Z', '2026-12-08T16:20:00.000Z', { deletedAt: '2026-12-01T00:00:00.000Z' }),
  appointment('late, across the next midnight', '2026-12-09T05:00:00.000Z', '2026-12-09T07:00:00.000Z'),
  appointment('next day', '2026-12-09T06:00:00.000Z', '2026-12-09T06:30:00.000Z'),
  appointment('other provider', '2026-12-08T14:00:00.000Z', '2026-12-08T14:20:00.000Z', { providerId: DR_B }),
  appointment('other practice', '2026-12-08T14:00:00.000Z', '2026-12-08T14:20:00.000Z', { practiceId: OTHER_PRACTICE }),
];

const seed = async () => {
  store = await openNodeSqliteStore({ key: 'ab'.repeat(32) });
  await store.transaction((tx) => tx.putRows('appointments', ROWS));
  return store;
};

const labels = async (statement: { sql: string; params: unknown[] }) =>
  ((await (store as Store).connection.all<{ data: string }>(statement.sql, statement.params as never)) ?? []).map(
    (row) => (JSON.parse(row.data) as { notes: string }).notes,
  );

const plan = async (statement: { sql: string; params: unknown[] }) =>
  (await (store as Store).connection.all<{ detail: string }>(`explain query plan ${statement.sql}`, statement.params as never)).map((row) => row.detail).join('; ');

describe('appointments of a day on the device', () => {
  it("reads a provider's day: what overlaps it, midnight and the longest appointment included, by start", async () => {
    await seed();
    const day = providerDayStatement({ practiceId: PRACTICE, providerIds: [DR_A], from: DAY.start, to: DAY.end });
    expect(await labels(day)).toEqual([
      'twelve hours, into the morning',
      'across midnight',
      'first of the day',
      'cancelled',
      'no-show',
      'late, across the next midnight',
    ]);
  });

  it('leaves out cancellations and no-shows when only the held time matters', async () => {
    await seed();
    const busy = providerDayStatement({ practiceId: PRACTICE, providerIds: [DR_A], from: DAY.start, to: DAY.end, activeOnly: true });
    expect(await labels(busy)).toEqual(['twelve hours, into the morning', 'across midnight', 'first of the day', 'late, across the next midnight']);
  });

  it('reads several providers by provider, then start; a practice day by start; never another practice', async () => {
    await seed();
    const drA = ['twelve hours, into the morning', 'across midnight', 'first of the day', 'cancelled', 'no-show', 'late, across the next midnight'];
    const both = await labels(providerDayStatement({ practiceId: PRACTICE, providerIds: [DR_B, DR_A], from: DAY.start, to: DAY.end }));
    expect(both).toEqual(DR_A < DR_B ? [...drA, 'other provider'] : ['other provider', ...drA]);
    expect(await labels(practiceRangeStatement({ practiceId: PRACTICE, from: DAY.start, to: DAY.end }))).toEqual([
      'twelve hours, into the morning',
      'across midnight',
      'first of the day',
      'other provider',
      'cancelled',
      'no-show',
      'late, across the next midnight',
    ]);
    expect(await labels(providerDayStatement({ practiceId: PRACTICE, providerIds: [], from: DAY.start, to: DAY.end }))).toEqual([]);
  });

  it('accepts instants in any ISO form and refuses what is not one', async () => {
    await seed();
    const loose = providerDayStatement({ practiceId: PRACTICE, providerIds: [DR_A], from: '2026-12-08T00:00:00-06:00', to: '2026-12-09T06:00Z' });
    expect(await labels(loose)).toHaveLength(6);
    expect(() => practiceRangeStatement({ practiceId: PRACTICE, from: 'yesterday', to: DAY.end })).toThrow(RangeError);
  });

  it('reads an index range, not the table', async () => {
    await seed();
    for (const providerIds of [[DR_A], [DR_A, DR_B]]) {
      const provider = await plan(providerDayStatement({ practiceId: PRACTICE, providerIds, from: DAY.start, to: DAY.end, activeOnly: true }));
      expect(provider).toContain('USING INDEX appointments_provider_start');
      expect(provider).not.toContain('TEMP B-TREE');
    }
    const practice = await plan(practiceRangeStatement({ practiceId: PRACTICE, from: DAY.start, to: DAY.end }));
    expect(practice).toContain('USING INDEX appointments_start');
    expect(practice).not.toContain('TEMP B-TREE');
  });
});
