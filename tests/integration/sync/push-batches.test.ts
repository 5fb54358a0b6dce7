import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '@/lib/audit/verify-audit';
import type { Database } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema/audit';
import { patients } from '@/lib/db/schema/patients';
import type { Practice } from '@/lib/db/schema/practices';
import { conflicts } from '@/lib/db/schema/sync';
import { seedStaff } from '../../factories/identity';
import { patientArgs } from '../../factories/patients';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { createTestClient } from './helpers';

/*
 * A push executes set-based (src/lib/sync/server/push.ts): runs per mutation name and practice,
 * gathered across interruptions by other kinds as long as no two kinds touch the same entity. These
 * show that the outcome is the one of executing the mutations one by one in request order.
 */

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

const rowsOf = async (ids: string[]) =>
  new Map((await database.db.select().from(patients).where(inArray(patients.id, ids))).map((row) => [row.id, row]));

describe('a push executed in runs', () => {
  it('keeps request order where kinds touch the same patient: create → update → archive → update', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const device = createTestClient(database, nurse);
    const args = patientArgs(practice.id, { city: 'Aurora' });
    const unrelated = patientArgs(practice.id);
    const answer = await device.push([
      device.envelope('patients.create', args),
      device.envelope('patients.create', unrelated),
      // The same patient, edited right after its creation in the same push: must see the create.
      device.envelope('patients.update', { practiceId: practice.id, patientId: args.id, changes: { city: 'Joliet' }, base: { city: 'Aurora' } }),
      device.envelope('patients.archive', { practiceId: practice.id, patientId: args.id, archived: true }),
      // After the archive: an edit of a removed patient is a conflict, not a write.
      device.envelope('patients.update', { practiceId: practice.id, patientId: args.id, changes: { city: 'Peoria' }, base: { city: 'Joliet' } }),
    ]);
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'conflict']);
    expect(answer.results[4]).toMatchObject({ reason: 'edit_after_delete' });
    const row = (await rowsOf([args.id])).get(args.id);
    expect(row?.city).toBe('Joliet');
    expect(row?.archivedAt).not.toBeNull();
  });

  it('lets a later edit of the same patient in one run see the earlier one (no false conflict)', async () => {
    const nurse = await seedStaff(database, practice, 'nurse');
    const device = createTestClient(database, nurse);
    const args = patientArgs(practice.id, { city: 'Aurora', phoneMobile: '+17735550100' });
    await device.push([device.envelope('patients.create', args)]);
    const answer = await device.push([
      device.envelope('patients.update', { practiceId: practice.id, patientId: args.id, changes: { city: 'Joliet' }, base: { city: 'Aurora' } }),
      device.envelope('patients.update', { practiceId: practice.id, patientId: args.id, changes: { city: 'Peoria' }, base: { city: 'Joliet' } }),
      // A stale base for a field the run already changed twice: a collision, recorded, not applied.
      device.envelope('patients.update', { practiceId: practice.id, patientId: args.id, changes: { city: 'Evanston' }, base: { city: 'Aurora' } }),
      device.envelope('patients.update', { practiceId: practice.id, patientId: args.id, changes: { phoneMobile: '+17735550199' }, base: { phoneMobile: '+17735550100' } }),
    ]);
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'applied', 'conflict', 'applied']);
    const row = (await rowsOf([args.id])).get(args.id);
    expect(row?.city).toBe('Peoria');
    expect(row?.phoneMobile).toBe('+17735550199');
    const conflictId = answer.results[2]?.status === 'conflict' ? answer.results[2].conflictId : '';
    const [conflict] = await database.db.select().from(conflicts).where(eq(conflicts.id, conflictId));
    expect(conflict).toMatchObject({ reason: 'field_collision', mine: { city: 'Evanston' }, theirs: { city: 'Peoria' }, base: { city: 'Aurora' } });
  });

  it('refuses only the creates whose id is taken (here, in another practice or earlier in the batch) and numbers the rest', async () => {
    const otherNurse = await seedStaff(database, other, 'nurse');
    const taken = patientArgs(other.id);
    await createTestClient(database, otherNurse).push([createTestClient(database, otherNurse).envelope('patients.create', taken)]);

    const nurse = await seedStaff(database, practice, 'nurse');
    const device = createTestClient(database, nurse);
    const fresh = [patientArgs(practice.id), patientArgs(practice.id), patientArgs(practice.id)];
    const answer = await device.push([
      device.envelope('patients.create', fresh[0]),
      device.envelope('patients.create', { ...patientArgs(practice.id), id: taken.id }),
      device.envelope('patients.create', fresh[1]),
      device.envelope('patients.create', { ...patientArgs(practice.id), id: fresh[0]?.id }),
      device.envelope('patients.create', fresh[2]),
    ]);
    expect(answer.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied', 'rejected', 'applied']);
    // The refusal does not say where the id is used.
    expect(answer.results[1]).toMatchObject({ error: { code: 'CONFLICT', message: 'This record id is already in use.' } });
    const rows = await rowsOf(fresh.map((p) => p.id));
    const mrns = fresh.map((p) => Number(rows.get(p.id)?.mrn));
    expect(mrns[1]).toBeGreaterThan(mrns[0] ?? Infinity);
    expect(mrns[2]).toBeGreaterThan(mrns[1] ?? Infinity);
    // The other practice's patient is untouched, and each refusal is a visible conflict record.
    expect((await rowsOf([taken.id])).get(taken.id)?.practiceId).toBe(other.id);
    const refused = await database.db
      .select({ mutationId: conflicts.mutationId, reason: conflicts.reason })
      .from(conflicts)
      .where(and(eq(conflicts.clientId, device.clientId)))
      .orderBy(asc(conflicts.mutationId));
    expect(refused).toEqual([
      { mutationId: 2, reason: 'rejected' },
      { mutationId: 4, reason: 'rejected' },
    ]);
  });

  it('audits every applied mutation in request order per patient, on an intact hash chain', async () => {
    const owner = await seedStaff(database, practice, 'owner');
    const device = createTestClient(database, owner);
    const created = Array.from({ length: 30 }, () => patientArgs(practice.id, { city: 'Aurora' }));
    const mutations = created.flatMap((args, index) => [
      device.envelope('patients.create', args),
      ...(index % 3 === 0
        ? [device.envelope('patients.update', { practiceId: practice.id, patientId: args.id, changes: { city: 'Joliet' }, base: { city: 'Aurora' } })]
        : []),
    ]);
    const answer = await device.push(mutations);
    expect(answer.results.every((r) => r.status === 'applied')).toBe(true);
    const entries = await database.db
      .select({ action: auditLog.action, patientId: auditLog.patientId, seq: auditLog.seq })
      .from(auditLog)
      .where(inArray(auditLog.patientId, created.map((p) => p.id)))
      .orderBy(asc(auditLog.seq));
    expect(entries).toHaveLength(40);
    for (const args of created.filter((_, index) => index % 3 === 0)) {
      const actions = entries.filter((e) => e.patientId === args.id).map((e) => e.action);
      expect(actions).toEqual(['patient.created', 'patient.updated']);
    }
    const [report] = await verifyAuditChains(database, { practiceId: practice.id });
    expect(report).toMatchObject({ ok: true });
  });
});
