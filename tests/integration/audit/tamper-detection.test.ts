import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '@/lib/audit/append-audit';
import { verifyAuditChains } from '@/lib/audit/verify-audit';
import type { Tx } from '@/lib/db/client';
import { auditLog, INSTALLATION_CHAIN_ID } from '@/lib/db/schema/audit';
import type { Practice } from '@/lib/db/schema/practices';
import { unsafeSystemTx, withActor } from '@/lib/db/tx';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { auditEntry } from './helpers';

// What a superuser can still do (disable the triggers) must show up in the verifier, at the right entry.
describe('verifyAuditChains after tampering', () => {
  let t: TestDatabase;
  const userId = uuidv7();

  beforeAll(async () => {
    t = await createTestDatabase();
  });

  afterAll(async () => {
    await t.dispose();
  });

  /** A practice with a valid chain of `length` entries. */
  const practiceWithChain = async (length: number): Promise<Practice> => {
    const practice = await seedPractice(t.database);
    for (let i = 1; i <= length; i += 1) {
      await withActor(t.database, { userId, practiceIds: [practice.id] }, (tx) =>
        appendAudit(tx, auditEntry(practice.id, { metadata: { i } })),
      );
    }
    return practice;
  };

  /** Runs `fn` as the superuser with the append-only triggers off, for this transaction only. */
  const tamper = (fn: (tx: Tx) => Promise<unknown>) =>
    unsafeSystemTx(t.database, async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger user`);
      await fn(tx);
      await tx.execute(sql`alter table audit_log enable trigger user`);
    });

  const atSeq = (practice: Practice, seq: number) => and(eq(auditLog.chainId, practice.id), eq(auditLog.seq, seq));

  const verify = async (practice: Practice) => {
    const [report] = await verifyAuditChains(t.database, { practiceId: practice.id, pageSize: 4 });
    return report;
  };

  it('reports an intact chain as intact', async () => {
    const practice = await practiceWithChain(6);
    expect(await verify(practice)).toEqual({ chainId: practice.id, practiceId: practice.id, entries: 6, ok: true });
  });

  it("detects an altered entry's metadata at that entry", async () => {
    const practice = await practiceWithChain(8);
    await tamper((tx) => tx.update(auditLog).set({ metadata: { i: 5, edited: true } }).where(atSeq(practice, 5)));
    expect(await verify(practice)).toMatchObject({ ok: false, entries: 4, firstBrokenSeq: 5, reason: 'hash_mismatch' });
  });

  it('detects a deleted middle entry at its position', async () => {
    const practice = await practiceWithChain(8);
    await tamper((tx) => tx.delete(auditLog).where(atSeq(practice, 6)));
    expect(await verify(practice)).toMatchObject({ ok: false, entries: 5, firstBrokenSeq: 6, reason: 'seq_gap' });
  });

  it('detects a deleted entry even when the later ones were renumbered to close the gap', async () => {
    const practice = await practiceWithChain(8);
    await tamper(async (tx) => {
      await tx.delete(auditLog).where(atSeq(practice, 3));
      for (let seq = 4; seq <= 8; seq += 1) {
        await tx.update(auditLog).set({ seq: seq - 1 }).where(atSeq(practice, seq));
      }
    });
    expect(await verify(practice)).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: 'link_broken' });
  });

  it("detects two entries whose seq were swapped, at the first of them", async () => {
    const practice = await practiceWithChain(8);
    await tamper(async (tx) => {
      // Through a free number: unique (chain_id, seq) is checked row by row.
      await tx.update(auditLog).set({ seq: 1_000 }).where(atSeq(practice, 3));
      await tx.update(auditLog).set({ seq: 3 }).where(atSeq(practice, 6));
      await tx.update(auditLog).set({ seq: 6 }).where(atSeq(practice, 1_000));
    });
    expect(await verify(practice)).toMatchObject({ ok: false, entries: 2, firstBrokenSeq: 3, reason: 'link_broken' });
  });

  it('cannot detect a removed tail (by design: anchor the head elsewhere)', async () => {
    const practice = await practiceWithChain(5);
    await tamper((tx) => tx.delete(auditLog).where(and(eq(auditLog.chainId, practice.id), sql`${auditLog.seq} > 3`)));
    expect(await verify(practice)).toMatchObject({ ok: true, entries: 3 });
  });

  it('verifies every chain when no practice is named, the installation chain included', async () => {
    const broken = await practiceWithChain(3);
    const intact = await practiceWithChain(2);
    await withActor(t.database, { userId: null, practiceIds: [] }, (tx) =>
      appendAudit(tx, auditEntry(null, { action: 'auth.sign_in.failed', severity: 'warning' })),
    );
    await tamper((tx) => tx.update(auditLog).set({ actorLabel: 'someone-else@example.org' }).where(atSeq(broken, 2)));
    const reports = await verifyAuditChains(t.database);
    const byChain = new Map(reports.map((report) => [report.chainId, report]));
    expect(byChain.get(broken.id)).toMatchObject({ ok: false, firstBrokenSeq: 2 });
    expect(byChain.get(intact.id)).toMatchObject({ ok: true, entries: 2 });
    expect(byChain.get(INSTALLATION_CHAIN_ID)).toMatchObject({ ok: true, practiceId: null, entries: 1 });
    // The earlier tests' chains are all here too: one report per chain.
    expect(new Set(reports.map((report) => report.chainId)).size).toBe(reports.length);
  });
});
