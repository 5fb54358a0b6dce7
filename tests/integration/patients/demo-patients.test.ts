import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config/env';
import { auditLog } from '@/lib/db/schema/audit';
import { users } from '@/lib/db/schema/auth';
import { practiceMembers } from '@/lib/db/schema/members';
import { patients } from '@/lib/db/schema/patients';
import { appMeta } from '@/lib/db/schema/platform';
import { practices } from '@/lib/db/schema/practices';
import { DEMO_PRACTICES } from '@/lib/db/seed/demo';
import { DEMO_ACCOUNTS } from '@/lib/domain/identity/demo-staff';
import { DEMO_PATIENTS, DEMO_PATIENTS_SEEDED_KEY, demoPatientId, seedDemoPatients } from '@/lib/domain/patients/demo-patients';
import { ZCreatePatient } from '@/lib/domain/patients/schemas';
import type { TRole } from '@/lib/auth/permissions';
import { loadDemoData } from '../../../scripts/lib/prepare-database';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { APP_URL, TEST_AUTH_SECRET } from '../identity/helpers';
import { createTestClient } from '../sync/helpers';

// The demo data as `npm start` loads it (loadDemoData), on a fresh database of either driver:
// patients with server-allocated MRNs, registered through the executor by the demo owner, reaching
// a demo nurse's replica through a pull, and never duplicated by a second load or a resumed one.

let t: TestDatabase;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'openpractice-demo-patients-'));
const config = loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: TEST_AUTH_SECRET, APP_URL });

beforeAll(async () => {
  t = await createTestDatabase();
  expect(await loadDemoData(t.database, config)).toBe(true);
});
afterAll(async () => {
  await t.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

const demoPractices = () =>
  t.database.db
    .select({ id: practices.id, slug: practices.slug })
    .from(practices)
    .where(inArray(practices.slug, DEMO_PRACTICES.map((p) => p.slug)));

const patientsOf = (practiceId: string) =>
  t.database.db.select().from(patients).where(eq(patients.practiceId, practiceId)).orderBy(asc(patients.mrn));

const accountId = async (role: TRole) => {
  const email = DEMO_ACCOUNTS.find((account) => account.role === role)?.email ?? '';
  const [row] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row?.id ?? '';
};

describe('demo patients', () => {
  it('are about forty per demo practice, valid, diverse and clearly fictional', () => {
    for (const practice of DEMO_PRACTICES) {
      const list = DEMO_PATIENTS[practice.slug] ?? [];
      expect(list.length, practice.slug).toBeGreaterThanOrEqual(35);
      expect(new Set(list.map((p) => `${p.givenName} ${p.familyName}`)).size).toBe(list.length);
      expect(new Set(list.map((p) => p.preferredLanguage)).size).toBeGreaterThan(5);
      list.forEach((patient, index) => {
        const { archived: _archived, ...args } = patient;
        const parsed = ZCreatePatient.safeParse({ ...args, id: demoPatientId(practice.slug, index), practiceId: demoPatientId('p', 0) });
        expect(parsed.success, `${practice.slug} #${index}`).toBe(true);
        for (const phone of [patient.phoneMobile, patient.phoneHome, patient.emergencyContactPhone]) {
          if (phone) {
            expect(phone).toMatch(/^\+1\d{3}5550[1]\d{2}$/); // 555-01xx, reserved for fiction
          }
        }
        if (patient.email) {
          expect(patient.email).toMatch(/@example\.(com|net|org)$/);
        }
      });
    }
  });

  it('have deterministic, distinct UUIDv7 ids', () => {
    expect(demoPatientId('riverside', 3)).toBe(demoPatientId('riverside', 3));
    expect(demoPatientId('riverside', 3)).not.toBe(demoPatientId('harbor', 3));
    expect(demoPatientId('harbor', 0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('a fresh demo database has them, with MRNs, registered by the demo owner', async () => {
    const ownerId = await accountId('owner');
    const found = await demoPractices();
    expect(found).toHaveLength(DEMO_PRACTICES.length);
    for (const practice of found) {
      const planned = DEMO_PATIENTS[practice.slug] ?? [];
      const rows = await patientsOf(practice.id);
      expect(rows.map((row) => row.mrn)).toEqual(planned.map((_p, index) => String(index + 1).padStart(6, '0')));
      expect(rows.map((row) => row.id)).toEqual(planned.map((_p, index) => demoPatientId(practice.slug, index)));
      expect(rows.every((row) => row.createdBy === ownerId && row.version > 0)).toBe(true);
      expect(rows.filter((row) => row.archivedAt !== null)).toHaveLength(planned.filter((p) => p.archived).length);
      const created = await t.database.db
        .select({ id: auditLog.id })
        .from(auditLog)
        .where(and(eq(auditLog.practiceId, practice.id), eq(auditLog.action, 'patient.created'), eq(auditLog.actorUserId, ownerId)));
      expect(created).toHaveLength(planned.length);
    }
  });

  it('reach a demo nurse’s replica through a pull (the change log has them)', async () => {
    const nurseId = await accountId('nurse');
    const memberships = await t.database.db
      .select({ practiceId: practiceMembers.practiceId, role: practiceMembers.role })
      .from(practiceMembers)
      .where(eq(practiceMembers.userId, nurseId));
    const device = createTestClient(t.database, { userId: nurseId, memberships });
    const answer = await device.pull({}, 1000);
    for (const practice of await demoPractices()) {
      const pulled = answer.changes.filter((change) => change.practiceId === practice.id && change.table === 'patients');
      expect(pulled).toHaveLength(DEMO_PATIENTS[practice.slug]?.length ?? -1);
    }
  });

  it('loading again changes nothing; a resumed load (marker lost) duplicates nothing', async () => {
    const snapshot = async () => (await t.database.db.select().from(patients).orderBy(asc(patients.id))).map((row) => JSON.stringify(row));
    const before = await snapshot();
    expect(await loadDemoData(t.database, config)).toBe(false);
    expect(await snapshot()).toEqual(before);

    // As if the loader had stopped after the patients but before its marker.
    await t.database.db.delete(appMeta).where(eq(appMeta.key, DEMO_PATIENTS_SEEDED_KEY));
    expect(await seedDemoPatients(t.database)).toBe(false);
    const after = await t.database.db.select({ id: patients.id, mrn: patients.mrn }).from(patients);
    expect(after).toHaveLength(before.length);
    expect(new Set(after.map((row) => row.id)).size).toBe(before.length);
    expect(await t.database.db.select().from(appMeta).where(eq(appMeta.key, DEMO_PATIENTS_SEEDED_KEY))).toHaveLength(1);
  });
});
