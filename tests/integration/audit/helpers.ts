import type { AppendAuditEntry } from '@/lib/audit/append-audit';

/** A plausible entry for `practiceId`; tests override what they assert on. */
export const auditEntry = (practiceId: string | null, overrides: Partial<AppendAuditEntry> = {}): AppendAuditEntry => ({
  practiceId,
  action: 'practice.settings_changed',
  severity: 'info',
  actorLabel: 'staff@example.org',
  ipAddress: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (test)',
  requestId: `req-${Math.random().toString(36).slice(2, 10)}`,
  metadata: { field: 'idleTimeoutMinutes', from: 15, to: 10 },
  ...overrides,
});
