import { eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '@/lib/audit/append-audit';
import { verifyAuditChains } from '@/lib/audit/verify-audit';
import { queryRows } from '@/lib/db/client';
import { auditLog, INSTALLATION_CHAIN_ID } from '@/lib/db/schema/audit';
import type { Practice } from '@/lib/db/schema/practices';
import { unsafeSystemTx, withActor } from '@/lib/db/tx';
import { seedPractice } from '../../factories/practices';
import { rejectionReason } from '../db/helpers';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { auditEntry } from './helpers';

describe('appendAudit', () => {
  let t: TestDatabase;
  const userId = uuidv7();

  beforeAll(async () => {
    t = await createTestDatabase();
  });

  afterAll(async () => {
    await t.dispose();
  });

  const asMemberOf = <T>(practice: Practice, fn: Parameters<typeof withActor<T>>[2]) =>
    withActor(t.database, { userId, practiceIds: [practice.id] }, fn);

  const chainRows = (chainId: string) =>
    unsafeSystemTx(t.database, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.chainId, chainId)).orderBy(auditLog.seq),
    );

  it('builds a valid chain from the genesis hash, storing exactly what it hashed', async () => {
    const practice = await seedPractice(t.database);
    const occurredAt = new Date('2026-11-24T08:15:30.250Z');
    const appended = [];
    for (let i = 0; i < 3; i += 1) {
      appended.push(
        await asMemberOf(practice, (tx) =>
          appendAudit(tx, auditEntry(practice.id, { actorUserId: userId, occurredAt, metadata: { i, nested: { z: 1, a: [i] } } })),
        ),
      );
    }
    expect(appended.map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(appended[0]?.prevHash).toBe('0'.repeat(64));
    expect(appended[1]?.prevHash).toBe(appended[0]?.hash);
    expect(appended[2]?.prevHash).toBe(appended[1]?.hash);

    const stored = await chainRows(practice.id);
    expect(stored).toEqual(appended);
    expect(stored[0]?.occurredAt.toISOString()).toBe('2026-11-24T08:15:30.250Z');
    expect(await verifyAuditChains(t.database, { practiceId: practice.id, pageSize: 2 })).toEqual([
      { chainId: practice.id, practiceId: practice.id, entries: 3, ok: true },
    ]);
  });

  it('records installation events (no practice) from a request, on their own chain', async () => {
    const practice = await seedPractice(t.database);
    const before = (await chainRows(INSTALLATION_CHAIN_ID)).length;
    const first = await withActor(t.database, { userId: null, practiceIds: [] }, (tx) =>
      appendAudit(tx, auditEntry(null, { action: 'auth.sign_in.failed', severity: 'warning', actorLabel: 'nobody@example.org' })),
    );
    // The app role cannot SELECT installation entries; audit_chain_head() gives it the head anyway.
    const second = await asMemberOf(practice, (tx) =>
      appendAudit(tx, auditEntry(null, { action: 'auth.sign_in.failed', severity: 'warning' })),
    );
    expect(first).toMatchObject({ chainId: INSTALLATION_CHAIN_ID, practiceId: null, seq: before + 1 });
    expect(second).toMatchObject({ seq: before + 2, prevHash: first.hash });
    const [report] = await verifyAuditChains(t.database, { practiceId: null });
    expect(report).toMatchObject({ chainId: INSTALLATION_CHAIN_ID, ok: true, entries: before + 2 });
  });

  it('works in system transactions as the owner, with no practice scope', async () => {
    const practice = await seedPractice(t.database);
    await asMemberOf(practice, (tx) => appendAudit(tx, auditEntry(practice.id)));
    const appended = await unsafeSystemTx(t.database, (tx) => appendAudit(tx, auditEntry(practice.id, { action: 'session.revoked' })));
    expect(appended.seq).toBe(2);
    const [report] = await verifyAuditChains(t.database, { practiceId: practice.id });
    expect(report).toMatchObject({ ok: true, entries: 2 });
  });

  it('leaves no trace when the transaction rolls back, and the chain continues without a gap', async () => {
    const practice = await seedPractice(t.database);
    await asMemberOf(practice, (tx) => appendAudit(tx, auditEntry(practice.id)));
    const failed = asMemberOf(practice, async (tx) => {
      await appendAudit(tx, auditEntry(practice.id, { action: 'member.invited' }));
      throw new Error('the change failed');
    });
    await expect(failed).rejects.toThrow('the change failed');
    expect((await chainRows(practice.id)).map((row) => row.action)).toEqual(['practice.settings_changed']);
    const next = await asMemberOf(practice, (tx) => appendAudit(tx, auditEntry(practice.id)));
    expect(next.seq).toBe(2);
  });

  it('keeps one chain linear under 20 concurrent appends (real concurrency on PostgreSQL)', async () => {
    const practice = await seedPractice(t.database);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        asMemberOf(practice, async (tx) => {
          // Overlap the transactions before they reach the chain's lock.
          await tx.execute(sql`select pg_sleep(0.01)`);
          return appendAudit(tx, auditEntry(practice.id, { metadata: { i } }));
        }),
      ),
    );
    expect(results.map((entry) => entry.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const [report] = await verifyAuditChains(t.database, { practiceId: practice.id, pageSize: 7 });
    expect(report).toMatchObject({ ok: true, entries: 20 });
  });

  it('keeps the installation chain linear under concurrent appends from the app role', async () => {
    const practice = await seedPractice(t.database);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        asMemberOf(practice, async (tx) => {
          await tx.execute(sql`select pg_sleep(0.01)`);
          return appendAudit(tx, auditEntry(null, { action: 'auth.sign_in.failed', severity: 'warning' }));
        }),
      ),
    );
    const [report] = await verifyAuditChains(t.database, { practiceId: null });
    expect(report).toMatchObject({ ok: true });
  });

  it("refuses an entry for a practice outside the actor's scope", async () => {
    const mine = await seedPractice(t.database);
    const other = await seedPractice(t.database);
    const reason = await rejectionReason(asMemberOf(mine, (tx) => appendAudit(tx, auditEntry(other.id))));
    expect(reason).toMatch(/row-level security/);
    expect(await chainRows(other.id)).toEqual([]);
  });

  it("tells the app role nothing about another practice's chain head", async () => {
    const mine = await seedPractice(t.database);
    const other = await seedPractice(t.database);
    await unsafeSystemTx(t.database, (tx) => appendAudit(tx, auditEntry(other.id)));
    const heads = await asMemberOf(mine, (tx) =>
      queryRows<{ seq: number }>(tx, sql`select seq from audit_chain_head(${other.id}::uuid)`),
    );
    expect(heads).toEqual([]);
  });

  it('rejects malformed entries before touching the database', async () => {
    const practice = await seedPractice(t.database);
    await expect(
      asMemberOf(practice, (tx) => appendAudit(tx, auditEntry(practice.id, { action: 'Sign In' as `${string}.${string}` }))),
    ).rejects.toThrow(/dotted/);
    await expect(
      asMemberOf(practice, (tx) => appendAudit(tx, auditEntry(practice.id, { patientId: 'not-a-uuid' }))),
    ).rejects.toThrow(/UUID/);
  });

  it('stores odd text exactly as hashed (NUL, lone surrogates, very long user agents)', async () => {
    const practice = await seedPractice(t.database);
    await asMemberOf(practice, (tx) =>
      appendAudit(
        tx,
        auditEntry(practice.id, {
          actorLabel: 'a\u0000b\uD800c',
          userAgent: 'x'.repeat(5000),
          metadata: { 'k\uDC00': ['\u0000', 0.1, 1e21, -0, 'é'] },
        }),
      ),
    );
    const [row] = await chainRows(practice.id);
    expect(row?.actorLabel).toBe('a\uFFFDb\uFFFDc');
    expect(row?.userAgent).toHaveLength(512);
    const [report] = await verifyAuditChains(t.database, { practiceId: practice.id });
    expect(report).toMatchObject({ ok: true, entries: 1 });
  });
});
