import { describe, expect, it } from 'vitest';
import type { AuditLogRow } from '@/lib/db/schema/audit';
import { auditEntriesToCsv, csvField } from './audit-csv';

const row = (overrides: Partial<AuditLogRow> = {}): AuditLogRow => ({
  id: '0192f0c1-0000-7000-8000-000000000001',
  practiceId: '0192f0c1-0000-7000-8000-aaaaaaaaaaaa',
  chainId: '0192f0c1-0000-7000-8000-aaaaaaaaaaaa',
  seq: 7,
  occurredAt: new Date('2026-11-25T09:00:00.000Z'),
  recordedAt: new Date('2026-11-25T09:00:00.250Z'),
  actorUserId: null,
  actorLabel: 'front@example.org',
  action: 'auth.sign_in.failed',
  severity: 'warning',
  targetType: null,
  targetId: null,
  patientId: null,
  ipAddress: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
  requestId: 'req-1',
  metadata: { reason: 'bad_password' },
  prevHash: '0'.repeat(64),
  hash: 'a'.repeat(64),
  ...overrides,
});

describe('csvField', () => {
  it('quotes commas, quotes and line breaks (RFC 4180) and leaves plain text alone', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rlf')).toBe('"cr\rlf"');
    expect(csvField(null)).toBe('');
    expect(csvField('')).toBe('');
  });

  it('neutralizes cells a spreadsheet would run as formulas', () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvField('+1+1')).toBe("'+1+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('a=1')).toBe('a=1');
  });
});

describe('auditEntriesToCsv', () => {
  it('writes a header and one CRLF-terminated line per entry', () => {
    const csv = auditEntriesToCsv([row(), row({ actorLabel: '=cmd|"/c calc"!A1', metadata: { note: 'a,b' } })]);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      'occurred_at,recorded_at,action,severity,actor_user_id,actor_label,target_type,target_id,patient_id,' +
        'ip_address,user_agent,request_id,metadata,id,practice_id,seq,prev_hash,hash',
    );
    expect(lines[1]).toBe(
      '2026-11-25T09:00:00.000Z,2026-11-25T09:00:00.250Z,auth.sign_in.failed,warning,,front@example.org,,,,' +
        `203.0.113.7,Mozilla/5.0 (X11; Linux x86_64),req-1,"{""reason"":""bad_password""}",` +
        `0192f0c1-0000-7000-8000-000000000001,0192f0c1-0000-7000-8000-aaaaaaaaaaaa,7,${'0'.repeat(64)},${'a'.repeat(64)}`,
    );
    expect(lines[2]).toContain(`,"'=cmd|""/c calc""!A1",`);
    expect(lines[2]).toContain(',"{""note"":""a,b""}",');
    expect(lines[3]).toBe('');
  });

  it('writes only the header for no entries', () => {
    expect(auditEntriesToCsv([]).split('\r\n')).toHaveLength(2);
  });
});
