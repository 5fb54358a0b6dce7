import { eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '@/lib/audit/append-audit';
import { queryRows } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema/audit';
import type { Practice } from '@/lib/db/schema/practices';
import { APP_ROLE, unsafeSystemTx, withActor } from '@/lib/db/tx';
import { seedPractice } from '../../factories/practices';
import { rejectionReason } from '../db/helpers';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { auditEntry } from './helpers';

// Append-only in three layers: RLS scopes reads, privileges stop the app role, triggers stop the owner.
describe('audit_log protection', () => {
  let t: TestDatabase;
  let a: Practice;
  let b: Practice;
  const userId = uuidv7();

  beforeAll(async () => {
    t = await createTestDatabase();
    a = await seedPractice(t.database);
    b = await seedPractice(t.database);
    await withActor(t.database, { userId, practiceIds: [a.id] }, async (tx) => {
      await appendAudit(tx, auditEntry(a.id, { action: 'member.invited' }));
      await appendAudit(tx, auditEntry(null, { action: 'auth.sign_in.failed', severity: 'warning' }));
    });
    await withActor(t.database, { userId, practiceIds: [b.id] }, (tx) => appendAudit(tx, auditEntry(b.id)));
  });

  afterAll(async () => {
    await t.dispose();
  });

  const asA = <T>(fn: Parameters<typeof withActor<T>>[2]) => withActor(t.database, { userId, practiceIds: [a.id] }, fn);

  const allRows = () => unsafeSystemTx(t.database, (tx) => tx.select().from(auditLog).orderBy(auditLog.id));

  it("lets an actor read only its practices' entries, not another practice's nor installation entries", async () => {
    const seen = await asA((tx) => tx.select().from(auditLog));
    expect(seen.map((row) => row.practiceId)).toEqual([a.id]);
    const asB = await withActor(t.database, { userId, practiceIds: [b.id] }, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.practiceId, a.id)),
    );
    expect(asB).toEqual([]);
  });

  it('denies the app role UPDATE, DELETE and TRUNCATE (privileges revoked)', async () => {
    const before = await allRows();
    // Functions, run one at a time: promises started together would reject before anyone awaits them.
    const attempts = [
      () => asA((tx) => tx.update(auditLog).set({ action: 'member.removed' }).where(eq(auditLog.practiceId, a.id))),
      () => asA((tx) => tx.delete(auditLog).where(eq(auditLog.practiceId, a.id))),
      () => asA((tx) => tx.execute(sql`truncate audit_log`)),
    ];
    for (const attempt of attempts) {
      expect(await rejectionReason(attempt())).toMatch(/permission denied/);
    }
    expect(await allRows()).toEqual(before);

    const [grants] = await queryRows<{ can_update: boolean; can_delete: boolean; can_truncate: boolean; can_insert: boolean }>(
      t.database.db,
      sql`select has_table_privilege(${APP_ROLE}, 'public.audit_log', 'UPDATE') as can_update,
                 has_table_privilege(${APP_ROLE}, 'public.audit_log', 'DELETE') as can_delete,
                 has_table_privilege(${APP_ROLE}, 'public.audit_log', 'TRUNCATE') as can_truncate,
                 has_table_privilege(${APP_ROLE}, 'public.audit_log', 'INSERT') as can_insert`,
    );
    expect(grants).toEqual({ can_update: false, can_delete: false, can_truncate: false, can_insert: true });
  });

  it('stops the owner too: UPDATE, DELETE and TRUNCATE raise "append-only"', async () => {
    const before = await allRows();
    const attempts = [
      () => unsafeSystemTx(t.database, (tx) => tx.update(auditLog).set({ metadata: {} }).where(eq(auditLog.practiceId, a.id))),
      () => unsafeSystemTx(t.database, (tx) => tx.delete(auditLog).where(eq(auditLog.practiceId, b.id))),
      () => unsafeSystemTx(t.database, (tx) => tx.execute(sql`truncate audit_log`)),
    ];
    for (const attempt of attempts) {
      expect(await rejectionReason(attempt())).toBe('audit_log is append-only');
    }
    expect(await allRows()).toEqual(before);
  });

  it('does not let the app role call the append-only trigger function or forge chain heads', async () => {
    const [callable] = await queryRows<{ head: boolean; trigger: boolean }>(
      t.database.db,
      sql`select has_function_privilege(${APP_ROLE}, 'public.audit_chain_head(uuid)', 'EXECUTE') as head,
                 has_function_privilege(${APP_ROLE}, 'public.audit_log_append_only()', 'EXECUTE') as trigger`,
    );
    expect(callable).toEqual({ head: true, trigger: false });
    // The definer function is pinned to a search_path, so a caller's objects cannot stand in for audit_log.
    const [config] = await queryRows<{ security_definer: boolean; config: string[] | null }>(
      t.database.db,
      sql`select prosecdef as security_definer, proconfig as config from pg_catalog.pg_proc
          where oid = 'public.audit_chain_head(uuid)'::regprocedure`,
    );
    expect(config).toEqual({ security_definer: true, config: ['search_path=public, pg_temp'] });
  });
});
