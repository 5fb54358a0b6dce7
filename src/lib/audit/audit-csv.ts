import type { AuditLogRow } from '@/lib/db/schema/audit';

/*
 * CSV export of audit entries (RFC 4180: CRLF line ends, fields quoted when they hold a quote, comma
 * or line break, quotes doubled). An export is opened in a spreadsheet, and a cell beginning with
 * = + - @ (or tab / carriage return) is run there as a formula: an email typed at a failed sign-in
 * such as `=HYPERLINK(...)` would otherwise become a live link or worse (OWASP "CSV injection"). Such
 * cells get a leading single quote, which spreadsheets show as text. The chain columns (seq,
 * prev_hash, hash) are included so an export can be checked against the log later.
 */

const COLUMNS = [
  ['occurred_at', (e) => e.occurredAt.toISOString()],
  ['recorded_at', (e) => e.recordedAt.toISOString()],
  ['action', (e) => e.action],
  ['severity', (e) => e.severity],
  ['actor_user_id', (e) => e.actorUserId],
  ['actor_label', (e) => e.actorLabel],
  ['target_type', (e) => e.targetType],
  ['target_id', (e) => e.targetId],
  ['patient_id', (e) => e.patientId],
  ['ip_address', (e) => e.ipAddress],
  ['user_agent', (e) => e.userAgent],
  ['request_id', (e) => e.requestId],
  ['metadata', (e) => JSON.stringify(e.metadata)],
  ['id', (e) => e.id],
  ['practice_id', (e) => e.practiceId],
  ['seq', (e) => String(e.seq)],
  ['prev_hash', (e) => e.prevHash],
  ['hash', (e) => e.hash],
] as const satisfies readonly (readonly [string, (entry: AuditLogRow) => string | null])[];

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: formula-neutralized, then quoted when RFC 4180 requires it. Null is empty. */
export const csvField = (value: string | null): string => {
  if (value === null) {
    return '';
  }
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** The entries as CSV text with a header line; every line (the last too) ends with CRLF. */
export const auditEntriesToCsv = (entries: readonly AuditLogRow[]): string => {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const entry of entries) {
    lines.push(COLUMNS.map(([, read]) => csvField(read(entry))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
};
