import { describe, expect, it } from 'vitest';
import { auditEntryHash, canonicalAuditEntry, GENESIS_HASH, type CanonicalAuditEntry } from './canonical';

const entry = (): CanonicalAuditEntry => ({
  id: '0192f0c1-7a2b-7c3d-8e4f-5a6b7c8d9e0f',
  practiceId: '0192f0c1-0000-7000-8000-000000000001',
  seq: 42,
  occurredAt: new Date('2026-11-25T09:30:00.123Z'),
  recordedAt: new Date('2026-11-25T09:30:01.000Z'),
  actorUserId: '0192f0c1-0000-7000-8000-000000000002',
  actorLabel: 'dr.smith@example.org',
  action: 'member.role_changed',
  severity: 'notice',
  targetType: 'member',
  targetId: 'abc',
  patientId: null,
  ipAddress: '203.0.113.7',
  userAgent: 'Mozilla/5.0',
  requestId: 'req-1',
  metadata: { from: 'nurse', to: 'admin', nested: { b: 2, a: [1, 'x', null, true] } },
});

describe('canonicalAuditEntry', () => {
  it('has a fixed key order, explicit nulls, UTC milliseconds and seq as a string', () => {
    const text = canonicalAuditEntry(entry());
    expect(text).toBe(
      '{"action":"member.role_changed","actorLabel":"dr.smith@example.org",' +
        '"actorUserId":"0192f0c1-0000-7000-8000-000000000002","id":"0192f0c1-7a2b-7c3d-8e4f-5a6b7c8d9e0f",' +
        '"ipAddress":"203.0.113.7","metadata":{"from":"nurse","nested":{"a":[1,"x",null,true],"b":2},"to":"admin"},' +
        '"occurredAt":"2026-11-25T09:30:00.123Z","patientId":null,"practiceId":"0192f0c1-0000-7000-8000-000000000001",' +
        '"recordedAt":"2026-11-25T09:30:01.000Z","requestId":"req-1","seq":"42","severity":"notice",' +
        '"targetId":"abc","targetType":"member","userAgent":"Mozilla/5.0"}',
    );
  });

  it('gives the same bytes whatever the key order of the entry and its metadata', () => {
    const original = entry();
    const reversed = Object.fromEntries(Object.entries(original).reverse()) as CanonicalAuditEntry;
    reversed.metadata = { to: 'admin', nested: { a: [1, 'x', null, true], b: 2 }, from: 'nurse' };
    expect(canonicalAuditEntry(reversed)).toBe(canonicalAuditEntry(original));
  });

  it('reads UUIDs case-insensitively (PostgreSQL returns lower case) and times as instants', () => {
    const upper = { ...entry(), id: entry().id.toUpperCase(), occurredAt: new Date('2026-11-25T10:30:00.123+01:00') };
    expect(canonicalAuditEntry(upper)).toBe(canonicalAuditEntry(entry()));
  });

  it('changes when any field changes', () => {
    const base = canonicalAuditEntry(entry());
    const changes: Partial<CanonicalAuditEntry>[] = [
      { id: '0192f0c1-7a2b-7c3d-8e4f-5a6b7c8d9e10' },
      { practiceId: null },
      { seq: 43 },
      { occurredAt: new Date('2026-11-25T09:30:00.124Z') },
      { recordedAt: new Date('2026-11-25T09:30:01.001Z') },
      { actorUserId: null },
      { actorLabel: 'dr.smith@example.com' },
      { action: 'member.invited' },
      { severity: 'high' },
      { targetType: null },
      { targetId: 'abd' },
      { patientId: '0192f0c1-0000-7000-8000-000000000003' },
      { ipAddress: '203.0.113.8' },
      { userAgent: 'curl/8' },
      { requestId: null },
      { metadata: { from: 'nurse', to: 'admin', nested: { b: 2, a: [1, 'x', null, false] } } },
      { metadata: {} },
    ];
    for (const change of changes) {
      expect(canonicalAuditEntry({ ...entry(), ...change }), JSON.stringify(change)).not.toBe(base);
    }
  });

  it('keeps a null and an absent-looking empty string apart', () => {
    expect(canonicalAuditEntry({ ...entry(), targetId: '' })).not.toBe(canonicalAuditEntry({ ...entry(), targetId: null }));
  });

  it('refuses values jsonb would store differently', () => {
    expect(() => canonicalAuditEntry({ ...entry(), metadata: { n: Number.NaN } })).toThrow(/finite/);
    expect(() =>
      canonicalAuditEntry({ ...entry(), metadata: { when: new Date() as unknown as string } }),
    ).toThrow(/plain object/);
    expect(() => canonicalAuditEntry({ ...entry(), occurredAt: new Date('nope') })).toThrow(/invalid date/);
  });
});

describe('auditEntryHash', () => {
  it('is sha256 hex of prev_hash, a newline and the canonical entry', async () => {
    const { createHash } = await import('node:crypto');
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${canonicalAuditEntry(entry())}`).digest('hex');
    expect(auditEntryHash(GENESIS_HASH, entry())).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('depends on the previous hash', () => {
    expect(auditEntryHash('1'.repeat(64), entry())).not.toBe(auditEntryHash(GENESIS_HASH, entry()));
  });
});
