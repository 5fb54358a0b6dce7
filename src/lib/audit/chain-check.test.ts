import { describe, expect, it } from 'vitest';
import { auditEntryHash, GENESIS_HASH } from './canonical';
import { createChainCheck, type StoredAuditEntry } from './chain-check';

const buildChain = (length: number): StoredAuditEntry[] => {
  const rows: StoredAuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const entry = {
      id: `0192f0c1-0000-7000-8000-${String(seq).padStart(12, '0')}`,
      practiceId: '0192f0c1-0000-7000-8000-aaaaaaaaaaaa',
      seq,
      occurredAt: new Date(Date.UTC(2026, 10, 25, 9, 0, seq)),
      recordedAt: new Date(Date.UTC(2026, 10, 25, 9, 0, seq)),
      actorUserId: null,
      actorLabel: null,
      action: 'practice.settings_changed',
      severity: 'info' as const,
      targetType: null,
      targetId: null,
      patientId: null,
      ipAddress: null,
      userAgent: null,
      requestId: null,
      metadata: { n: seq },
    };
    const hash = auditEntryHash(prevHash, entry);
    rows.push({ ...entry, prevHash, hash });
    prevHash = hash;
  }
  return rows;
};

/** rows[index], which the test knows exists. */
const nth = (rows: StoredAuditEntry[], index: number): StoredAuditEntry => {
  const row = rows[index];
  if (!row) {
    throw new Error(`no row ${index}`);
  }
  return row;
};

const run = (rows: StoredAuditEntry[]) => {
  const check = createChainCheck();
  for (const row of rows) {
    const broken = check.next(row);
    if (broken) {
      return { entries: check.entries, broken };
    }
  }
  return { entries: check.entries, broken: undefined };
};

describe('createChainCheck', () => {
  it('accepts an intact chain', () => {
    expect(run(buildChain(5))).toEqual({ entries: 5, broken: undefined });
  });

  it('finds an altered entry at its own position', () => {
    const rows = buildChain(5);
    rows[2] = { ...nth(rows, 2), metadata: { n: 99 } };
    expect(run(rows)).toMatchObject({ entries: 2, broken: { seq: 3, reason: 'hash_mismatch' } });
  });

  it('finds an altered entry whose hash was recomputed at the next entry', () => {
    const rows = buildChain(5);
    const forged = { ...nth(rows, 2), metadata: { n: 99 } };
    rows[2] = { ...forged, hash: auditEntryHash(forged.prevHash, forged) };
    expect(run(rows)).toMatchObject({ broken: { seq: 4, reason: 'link_broken' } });
  });

  it('finds a deleted entry as a gap, or as a broken link when the rest was renumbered', () => {
    const rows = buildChain(5);
    expect(run([...rows.slice(0, 2), ...rows.slice(3)])).toMatchObject({ broken: { seq: 3, reason: 'seq_gap' } });
    const renumbered = [...rows.slice(0, 2), ...rows.slice(3).map((row) => ({ ...row, seq: row.seq - 1 }))];
    expect(run(renumbered)).toMatchObject({ broken: { seq: 3, reason: 'link_broken' } });
  });

  it('finds swapped entries at the first of them', () => {
    const rows = buildChain(5);
    const swapped = [nth(rows, 0), { ...nth(rows, 3), seq: 2 }, nth(rows, 2), { ...nth(rows, 1), seq: 4 }, nth(rows, 4)];
    expect(run(swapped)).toMatchObject({ broken: { seq: 2, reason: 'link_broken' } });
  });

  it('finds a chain that does not start at 1', () => {
    expect(run(buildChain(3).slice(1))).toMatchObject({ entries: 0, broken: { seq: 1, reason: 'seq_gap' } });
  });

  it('cannot see a removed tail: the rest is a valid shorter chain', () => {
    expect(run(buildChain(5).slice(0, 3))).toEqual({ entries: 3, broken: undefined });
  });
});
