import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { auditEntriesToCsv } from '@/lib/audit/audit-csv';
import { listAuditEntries, type ListAuditEntriesOptions } from '@/lib/audit/list-audit';
import type { AuditLogRow } from '@/lib/db/schema/audit';
import type { Practice } from '@/lib/db/schema/practices';
import { withActor } from '@/lib/db/tx';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { auditEntry } from './helpers';

describe('listAuditEntries', () => {
  let t: TestDatabase;
  let a: Practice;
  let b: Practice;
  const alice = uuidv7();
  const bob = uuidv7();
  const patient = uuidv7();
  const base = Date.UTC(2026, 10, 20, 8, 0, 0);
  const at = (minutes: number) => new Date(base + minutes * 60_000);

  beforeAll(async () => {
    t = await createTestDatabase();
    a = await seedPractice(t.database);
    b = await seedPractice(t.database);
    await withActor(t.database, { userId: alice, practiceIds: [a.id] }, async (tx) => {
      // 12 entries, two sharing each minute so the id breaks ties; every third is bob's.
      for (let i = 0; i < 12; i += 1) {
        await appendAudit(
          tx,
          auditEntry(a.id, {
            occurredAt: at(Math.floor(i / 2)),
            actorUserId: i % 3 === 0 ? bob : alice,
            action: i % 4 === 0 ? 'patient.chart_viewed' : 'practice.settings_changed',
            patientId: i % 4 === 0 ? patient : null,
            metadata: { i },
          }),
        );
      }
    });
    await withActor(t.database, { userId: bob, practiceIds: [b.id] }, (tx) =>
      appendAudit(tx, auditEntry(b.id, { occurredAt: at(3), actorLabel: '=HYPERLINK("http://evil.example")' })),
    );
  });

  afterAll(async () => {
    await t.dispose();
  });

  const list = (actorPractice: Practice, options: Omit<ListAuditEntriesOptions, 'tx'>) =>
    withActor(t.database, { userId: alice, practiceIds: [actorPractice.id] }, (tx) => listAuditEntries({ tx, ...options }));

  const listAll = async (options: Omit<ListAuditEntriesOptions, 'tx' | 'cursor'>): Promise<AuditLogRow[]> => {
    const entries: AuditLogRow[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(a, { ...options, cursor });
      entries.push(...page.entries);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return entries;
  };

  const metadataI = (entries: AuditLogRow[]) => entries.map((entry) => entry.metadata.i);

  it('pages newest first without gaps or repeats, ties broken by id', async () => {
    const first = await list(a, { practiceId: a.id, limit: 5 });
    expect(first.entries).toHaveLength(5);
    expect(first.nextCursor).not.toBeNull();
    const all = await listAll({ practiceId: a.id, limit: 5 });
    expect(all).toHaveLength(12);
    expect(new Set(all.map((entry) => entry.id)).size).toBe(12);
    const order = all.map((entry) => [entry.occurredAt.getTime(), entry.id] as const);
    const sorted = [...order].sort((x, y) => y[0] - x[0] || (y[1] > x[1] ? 1 : -1));
    expect(order).toEqual(sorted);
    // The last page says so.
    const exact = await list(a, { practiceId: a.id, limit: 12 });
    expect(exact.nextCursor).toBeNull();
  });

  it('filters by actor, action, patient and a half-open time range', async () => {
    expect(metadataI(await listAll({ practiceId: a.id, limit: 2, filters: { actorUserId: bob } }))).toEqual([9, 6, 3, 0]);
    expect(metadataI(await listAll({ practiceId: a.id, limit: 2, filters: { action: 'patient.chart_viewed' } }))).toEqual([8, 4, 0]);
    expect(metadataI(await listAll({ practiceId: a.id, limit: 2, filters: { patientId: patient } }))).toEqual([8, 4, 0]);
    expect(metadataI(await listAll({ practiceId: a.id, limit: 2, filters: { from: at(1), to: at(3) } }))).toEqual([5, 4, 3, 2]);
  });

  it("answers another practice's entries with an empty page", async () => {
    expect(await list(a, { practiceId: b.id, limit: 10 })).toEqual({ entries: [], nextCursor: null });
  });

  it('refuses a forged cursor and an out-of-range limit', async () => {
    await expect(list(a, { practiceId: a.id, limit: 5, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(AppError);
    await expect(list(a, { practiceId: a.id, limit: 0 })).rejects.toThrow(RangeError);
  });

  it('exports listed entries as CSV with formula cells neutralized', async () => {
    const { entries } = await withActor(t.database, { userId: bob, practiceIds: [b.id] }, (tx) =>
      listAuditEntries({ tx, practiceId: b.id, limit: 10 }),
    );
    const csv = auditEntriesToCsv(entries);
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil.example"")",`);
    expect(csv.split('\r\n')).toHaveLength(3);
  });
});
