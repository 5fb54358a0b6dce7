import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema/audit';
import { patients } from '@/lib/db/schema/patients';
import { conflicts } from '@/lib/db/schema/sync';
import type { Practice } from '@/lib/db/schema/practices';
import { processPush } from '@/lib/sync/server/push';
import { serializeRow } from '@/lib/sync/server/serialize-row';
import { seedStaff } from '../../factories/identity';
import { patientArgs } from '../../factories/patients';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { createTestClient, REQUEST } from './helpers';

let t: TestDatabase;
let database: Database;
let practice: Practice;
let other: Practice;

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  practice = await seedPractice(database);
  other = await seedPractice(database);
});
afterAll(async () => {
  await t.dispose();
});

const patientRow = async (id: string) => (await database.db.select().from(patients).where(eq(patients.id, id)))[0];

describe('push', () => {
  it('creates patients with server-allocated MRNs, versions in order, audited', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const device = createTestClient(database, nurse);
    const first = patientArgs(practice.id);
    const second = patientArgs(practice.id);
    const answer = await device.push([device.envelope('patients.create', first), device.envelope('patients.create', second)]);
    expect(answer).toEqual({ results: [{ id: 1, status: 'applied' }, { id: 2, status: 'applied' }], lastMutationId: 2 });
    const [a, b] = [await patientRow(first.id), await patientRow(second.id)];
    expect(a?.mrn).toMatch(/^\d{6}$/);
    expect(Number(b?.mrn)).toBe(Number(a?.mrn) + 1);
    // One push transaction, one version per practice.
    expect(a?.version).toBeGreaterThan(0);
    expect(b?.version).toBe(a?.version);
    const [audited] = await database.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'patient.created'), eq(auditLog.actorUserId, nurse.userId)));
    expect(audited?.n).toBe(2);
  });

  it('applies each mutation exactly once and repeats the first answer', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const device = createTestClient(database, nurse);
    const args = patientArgs(practice.id);
    const create = device.envelope('patients.create', args);
    const bad = device.envelope('patients.update', { practiceId: practice.id, patientId: args.id, changes: {}, base: {} });
    const first = await device.push([create, bad]);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'rejected']);
    // The answer was lost; the device sends the same batch again.
    const again = await device.push([create, bad]);
    expect(again).toEqual(first);
    const rows = await database.db.select({ n: count() }).from(patients).where(eq(patients.id, args.id));
    expect(rows[0]?.n).toBe(1);
  });

  it('answers bad mutations one by one and applies the rest of the batch', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const device = createTestClient(database, nurse);
    const good = patientArgs(practice.id);
    const answer = await device.push([
      device.envelope('patients.teleport', { practiceId: practice.id }),
      device.envelope('patients.create', { ...patientArgs(practice.id), dateOfBirth: '19-07-1984', surprise: true }),
      device.envelope('patients.create', good),
    ]);
    expect(answer.results).toEqual([
      { id: 1, status: 'rejected', error: expect.objectContaining({ code: 'BAD_REQUEST' }) },
      {
        id: 2,
        status: 'rejected',
        error: expect.objectContaining({
          code: 'VALIDATION_FAILED',
          fields: expect.arrayContaining([expect.objectContaining({ path: 'dateOfBirth' }), expect.objectContaining({ path: 'surprise' })]),
        }),
      },
      { id: 3, status: 'applied' },
    ]);
    expect(await patientRow(good.id)).toBeDefined();
    // The invalid arguments named this practice: the refusal is visible there, nothing else written.
    const [conflict] = await database.db.select().from(conflicts).where(and(eq(conflicts.clientId, device.clientId), eq(conflicts.mutationId, 2)));
    expect(conflict).toMatchObject({ reason: 'rejected', error: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses a mutation id reused for a different change, and repeats the first answer for the same change', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const device = createTestClient(database, nurse);
    const first = device.envelope('patients.create', patientArgs(practice.id));
    await device.push([first]);
    const impostor = { ...first, args: patientArgs(practice.id) };
    expect((await device.push([impostor])).results).toEqual([
      { id: 1, status: 'rejected', error: expect.objectContaining({ code: 'CONFLICT' }) },
    ]);
    expect(await patientRow((impostor.args as { id: string }).id)).toBeUndefined();
    // Same content, new timestamp (a retry): still the first answer.
    expect((await device.push([{ ...first, createdAt: new Date().toISOString() }])).results).toEqual([{ id: 1, status: 'applied' }]);
  });

  it('stops at a gap in mutation ids and keeps what came before', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const device = createTestClient(database, nurse);
    const one = device.envelope('patients.create', patientArgs(practice.id));
    device.envelope('patients.create', patientArgs(practice.id)); // id 2, never sent
    const three = device.envelope('patients.create', patientArgs(practice.id));
    const answer = await device.push([one, three]);
    expect(answer).toEqual({ results: [{ id: 1, status: 'applied' }], lastMutationId: 1 });
  });

  it('merges different fields and records a conflict for the same field changed differently', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const desk = await seedStaff(database, practice, 'front_desk');
    const a = createTestClient(database, nurse);
    const b = createTestClient(database, desk);
    const args = patientArgs(practice.id, { phoneMobile: '+13125550100', city: 'Chicago' });
    await a.push([a.envelope('patients.create', args)]);
    const base = { phoneMobile: '+13125550100', city: 'Chicago' };
    await a.push([a.envelope('patients.update', { practiceId: practice.id, patientId: args.id, changes: { phoneMobile: '+13125550111' }, base })]);
    const answer = await b.push([
      b.envelope('patients.update', {
        practiceId: practice.id,
        patientId: args.id,
        changes: { phoneMobile: '+13125550122', city: 'Evanston' },
        base,
      }),
    ]);
    expect(answer.results[0]).toMatchObject({ status: 'conflict', reason: 'field_collision' });
    const row = await patientRow(args.id);
    expect(row).toMatchObject({ phoneMobile: '+13125550111', city: 'Evanston' });
    const conflictId = answer.results[0]?.status === 'conflict' ? answer.results[0].conflictId : '';
    const [conflict] = await database.db.select().from(conflicts).where(eq(conflicts.id, conflictId));
    expect(conflict).toMatchObject({
      practiceId: practice.id,
      entityId: args.id,
      status: 'open',
      mine: { phoneMobile: '+13125550122' },
      theirs: { phoneMobile: '+13125550111' },
      base: { phoneMobile: '+13125550100' },
      authorUserId: desk.userId,
    });

    // Resolving is a mutation too: keep mine writes the device's value.
    const resolved = await b.push([
      b.envelope('conflicts.resolve', { practiceId: practice.id, conflictId, resolution: 'keep_mine' }),
    ]);
    expect(resolved.results[0]).toEqual({ id: 2, status: 'applied' });
    expect((await patientRow(args.id))?.phoneMobile).toBe('+13125550122');
    const [after] = await database.db.select().from(conflicts).where(eq(conflicts.id, conflictId));
    expect(after).toMatchObject({ status: 'resolved', resolution: 'keep_mine', resolvedBy: desk.userId });
  });

  it('turns an edit of an archived patient into an edit_after_delete conflict, writing nothing', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const a = createTestClient(database, nurse);
    const args = patientArgs(practice.id, { city: 'Chicago' });
    await a.push([a.envelope('patients.create', args), a.envelope('patients.archive', { practiceId: practice.id, patientId: args.id })]);
    const answer = await a.push([
      a.envelope('patients.update', { practiceId: practice.id, patientId: args.id, changes: { city: 'Evanston' }, base: { city: 'Chicago' } }),
    ]);
    expect(answer.results[0]).toMatchObject({ status: 'conflict', reason: 'edit_after_delete' });
    expect((await patientRow(args.id))?.city).toBe('Chicago');
  });

  it('refuses what the role may not do, recording a visible conflict and writing nothing else', async () => {
    const billing = await seedStaff(database, practice, 'billing');
    const device = createTestClient(database, billing);
    const args = patientArgs(practice.id);
    const answer = await device.push([device.envelope('patients.create', args)]);
    expect(answer.results[0]).toMatchObject({ status: 'rejected', error: { code: 'FORBIDDEN' } });
    expect(await patientRow(args.id)).toBeUndefined();
    const [conflict] = await database.db.select().from(conflicts).where(and(eq(conflicts.clientId, device.clientId), eq(conflicts.mutationId, 1)));
    expect(conflict).toMatchObject({ reason: 'rejected', status: 'open', error: { code: 'FORBIDDEN' } });
  });

  it("answers 404-like rejections for another practice's records and changes nothing there", async () => {
    const outsider = await seedStaff(database, other, 'owner');
    const insider = await seedStaff(database, practice, 'nurse');
    const own = createTestClient(database, insider);
    const args = patientArgs(practice.id, { city: 'Chicago' });
    await own.push([own.envelope('patients.create', args)]);
    const device = createTestClient(database, outsider);
    const answer = await device.push([
      device.envelope('patients.update', { practiceId: practice.id, patientId: args.id, changes: { city: 'Gary' }, base: { city: 'Chicago' } }),
      device.envelope('patients.update', { practiceId: other.id, patientId: args.id, changes: { city: 'Gary' }, base: { city: 'Chicago' } }),
      device.envelope('patients.create', { ...patientArgs(other.id), id: args.id }),
    ]);
    expect(answer.results.map((r) => (r.status === 'rejected' ? r.error.code : r.status))).toEqual(['NOT_FOUND', 'NOT_FOUND', 'CONFLICT']);
    expect((await patientRow(args.id))?.city).toBe('Chicago');
    expect((await patientRow(args.id))?.practiceId).toBe(practice.id);
  });

  it("refuses a device id that belongs to another user", async () => {
    const one = await seedStaff(database, practice, 'nurse');
    const two = await seedStaff(database, practice, 'nurse');
    const device = createTestClient(database, one);
    await device.push([device.envelope('patients.create', patientArgs(practice.id))]);
    await expect(
      processPush({
        database,
        actor: two,
        push: { protocolVersion: 1, clientId: device.clientId, mutations: [device.envelope('patients.create', patientArgs(practice.id))] },
        request: REQUEST,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a protocol older than the oldest accepted with UPGRADE_REQUIRED', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const device = createTestClient(database, nurse);
    await expect(
      processPush({ database, actor: nurse, push: { protocolVersion: 0, clientId: device.clientId, mutations: [device.envelope('patients.create', patientArgs(practice.id))] }, request: REQUEST }),
    ).rejects.toMatchObject({ code: 'UPGRADE_REQUIRED' });
  });
});

describe('pull', () => {
  it('sends rows exactly as the ORM reads them (instants, dates, jsonb, nulls)', async () => {
    const p = await seedPractice(database);
    const nurse = await seedStaff(database, p, 'nurse');
    const desk = await seedStaff(database, p, 'front_desk');
    const a = createTestClient(database, nurse);
    const b = createTestClient(database, desk);
    const args = patientArgs(p.id, { city: 'Chicago', middleName: null });
    await a.push([a.envelope('patients.create', args)]);
    await a.push([a.envelope('patients.update', { practiceId: p.id, patientId: args.id, changes: { city: 'Evanston' }, base: { city: 'Chicago' } })]);
    await b.push([b.envelope('patients.update', { practiceId: p.id, patientId: args.id, changes: { city: 'Gary' }, base: { city: 'Chicago' } })]);
    const answer = await a.pull({});
    const sent = new Map(answer.changes.map((change) => [change.op === 'put' ? String(change.row.id) : change.id, change]));
    const [patient] = await database.db.select().from(patients).where(eq(patients.id, args.id));
    const [conflict] = await database.db.select().from(conflicts).where(eq(conflicts.entityId, args.id));
    expect(sent.get(args.id)).toMatchObject({ op: 'put', row: serializeRow(patient ?? {}) });
    expect((sent.get(args.id) as { row: Record<string, unknown> }).row).toEqual(serializeRow(patient ?? {}));
    expect((sent.get(conflict?.id ?? '') as { row: Record<string, unknown> }).row).toEqual(serializeRow(conflict ?? {}));
  });

  it('returns changes in version order with cursors, paginated on whole versions', async () => {
    const p = await seedPractice(database);
    const nurse = await seedStaff(database, p, 'nurse');
    const writer = createTestClient(database, nurse);
    // Three pushes: versions v1 (2 rows), v2 (1 row), v3 (2 rows).
    await writer.push([writer.envelope('patients.create', patientArgs(p.id)), writer.envelope('patients.create', patientArgs(p.id))]);
    await writer.push([writer.envelope('patients.create', patientArgs(p.id))]);
    await writer.push([writer.envelope('patients.create', patientArgs(p.id)), writer.envelope('patients.create', patientArgs(p.id))]);

    const reader = createTestClient(database, nurse);
    const seen: number[] = [];
    let cursors: Record<string, number> = {};
    for (let page = 0; page < 10; page += 1) {
      const answer = await reader.pull(cursors, 2);
      seen.push(...answer.changes.map((c) => c.version));
      cursors = answer.cursors;
      if (!answer.hasMore) {
        break;
      }
    }
    expect(seen).toHaveLength(5);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    const again = await reader.pull(cursors);
    expect(again.changes).toEqual([]);
    expect(again.hasMore).toBe(false);
  });

  it("sends nothing of a role's unreadable tables, and nothing of other practices", async () => {
    const p = await seedPractice(database);
    const nurse = await seedStaff(database, p, 'nurse');
    const writer = createTestClient(database, nurse);
    await writer.push([writer.envelope('patients.create', patientArgs(p.id))]);
    const auditor = await seedStaff(database, p, 'auditor');
    const answer = await createTestClient(database, auditor).pull({});
    expect(answer.changes).toEqual([]);
    // Caught up anyway: the cursor is the practice's committed version.
    expect(answer.cursors[p.id]).toBeGreaterThan(0);
    const outsider = await seedStaff(database, other, 'owner');
    const theirs = await createTestClient(database, outsider).pull({ [p.id]: 0 });
    expect(theirs.changes.every((c) => c.practiceId === other.id)).toBe(true);
    expect(theirs.revoked).toEqual([p.id]);
  });

  it('tells the replica which of its mutations are included, and resets on a changed scope', async () => {
    const p = await seedPractice(database);
    const nurse = await seedStaff(database, p, 'nurse');
    const device = createTestClient(database, nurse);
    await device.push([device.envelope('patients.create', patientArgs(p.id))]);
    const first = await device.pull({});
    expect(first.lastMutationId).toBe(1);
    expect(first.changes).toHaveLength(1);
    // The same user, now with a role that cannot read patients: the replica starts over, empty.
    const demoted = { ...nurse, memberships: [{ practiceId: p.id, role: 'auditor' as const }] };
    const after = await (await import('@/lib/sync/server/pull')).processPull({
      database,
      actor: demoted,
      pull: { protocolVersion: 1, clientId: device.clientId, cursors: first.cursors, limit: 100 },
    });
    expect(after.resets).toEqual([p.id]);
    expect(after.changes).toEqual([]);
  });
});
