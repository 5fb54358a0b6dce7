import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import type { TRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema/audit';
import type { Practice } from '@/lib/db/schema/practices';
import { unsafeSystemTx, withActor } from '@/lib/db/tx';
import { exportPracticeAudit } from '@/lib/domain/audit/export-practice-audit';
import { listPracticeAudit } from '@/lib/domain/audit/list-practice-audit';
import { seedStaff } from '../../factories/identity';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const request = { requestId: 'req-1', ipAddress: '127.0.0.1' };
let test: TestDatabase;
let database: Database;
let practice: Practice;
let other: Practice;

const entriesOf = async (practiceId: string) =>
  unsafeSystemTx(database, async (tx) => {
    const [row] = await tx.select({ n: count() }).from(auditLog).where(eq(auditLog.practiceId, practiceId));
    return row?.n ?? 0;
  });

const codeOf = async (work: Promise<unknown>) => work.then(() => 'ok', (error: unknown) => (error instanceof AppError ? error.code : String(error)));

beforeAll(async () => {
  test = await createTestDatabase();
  database = test.database;
  practice = await seedPractice(database);
  other = await seedPractice(database);
  const owner = await seedStaff(database, practice, 'owner');
  await withActor(database, { userId: owner.userId, practiceIds: [practice.id] }, async (tx) => {
    for (const action of ['member.invited', 'member.role_changed', 'practice.settings_changed'] as const) {
      await appendAudit(tx, { practiceId: practice.id, actorUserId: owner.userId, action, severity: 'notice' });
    }
  });
});
afterAll(async () => {
  await test.dispose();
});

describe('audit viewer', () => {
  it.each<TRole>(['owner', 'admin', 'auditor'])('lets the %s read the log, and records that they looked', async (role) => {
    const actor = await seedStaff(database, practice, role);
    const before = await entriesOf(practice.id);
    const page = await listPracticeAudit({ database, actor, practiceId: practice.id, filters: {}, limit: 50, request });
    expect(page.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['member.invited', 'practice.settings_changed']));
    expect(await entriesOf(practice.id)).toBe(before + 1);
    const [viewed] = (await listPracticeAudit({ database, actor, practiceId: practice.id, filters: { action: 'audit.viewed', actorUserId: actor.userId }, limit: 1, request })).entries;
    expect(viewed).toMatchObject({ action: 'audit.viewed', actorUserId: actor.userId, requestId: 'req-1' });
  });

  it.each<TRole>(['provider', 'nurse', 'front_desk', 'billing'])('refuses the %s with FORBIDDEN and records nothing', async (role) => {
    const actor = await seedStaff(database, practice, role);
    const before = await entriesOf(practice.id);
    expect(await codeOf(listPracticeAudit({ database, actor, practiceId: practice.id, filters: {}, limit: 50, request }))).toBe('FORBIDDEN');
    expect(await codeOf(exportPracticeAudit({ database, actor, practiceId: practice.id, filters: {}, request }))).toBe('FORBIDDEN');
    expect(await entriesOf(practice.id)).toBe(before);
  });

  it("answers NOT_FOUND to another practice's owner, and changes nothing", async () => {
    const outsider = await seedStaff(database, other, 'owner');
    const before = await entriesOf(practice.id);
    expect(await codeOf(listPracticeAudit({ database, actor: outsider, practiceId: practice.id, filters: {}, limit: 50, request }))).toBe('NOT_FOUND');
    expect(await codeOf(exportPracticeAudit({ database, actor: outsider, practiceId: practice.id, filters: {}, request }))).toBe('NOT_FOUND');
    expect(await entriesOf(practice.id)).toBe(before);
  });

  it('exports the filtered log as CSV and records the export with its row count', async () => {
    const auditor = await seedStaff(database, practice, 'auditor');
    const { csv, rows, truncated } = await exportPracticeAudit({
      database,
      actor: auditor,
      practiceId: practice.id,
      filters: { action: 'member.invited' },
      request,
    });
    expect(rows).toBe(1);
    expect(truncated).toBe(false);
    expect(csv.split('\r\n')[0]).toContain('action');
    expect(csv).toContain('member.invited');
    expect(csv).not.toContain('practice.settings_changed');
    const [exported] = (await listPracticeAudit({ database, actor: auditor, practiceId: practice.id, filters: { action: 'audit.exported' }, limit: 1, request })).entries;
    expect(exported).toMatchObject({ actorUserId: auditor.userId, severity: 'notice', metadata: { rows: 1, truncated: false } });
  });
});
