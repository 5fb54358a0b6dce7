import { AUDIT_SEVERITIES, type AuditJson, type AuditMetadata, type AuditSeverity } from '@/lib/db/schema/audit';

/*
 * Input checks and clean-up before an entry is hashed. The hash covers the values as they will be
 * *stored*, so anything PostgreSQL would store differently from what we hashed must be settled
 * first: otherwise a perfectly honest entry would fail verification later.
 */

/** A dotted action name such as `auth.sign_in.failed` (same rule as the audit_log_action_format check). */
export type AuditAction = `${string}.${string}`;

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Caps keep a hostile value (a megabyte "user agent", an "email" typed at sign-in) from bloating a
// table that is never pruned. Applied before hashing, so the stored value is what was hashed.
const MAX_TEXT = 1024;
const MAX_USER_AGENT = 512;

// PostgreSQL text and jsonb cannot hold NUL, and node-postgres encodes a lone UTF-16 surrogate as
// U+FFFD: replacing both here makes the hashed string equal to the stored one.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const storable = (value: string): string => value.replace(UNSTORABLE, '\uFFFD');

/** A text column's value: capped, storable, or null. */
export const cleanText = (value: string | null | undefined, max = MAX_TEXT): string | null => {
  if (value === null || value === undefined) {
    return null;
  }
  // Cap first: cutting a surrogate pair in half leaves a lone surrogate, which storable() replaces.
  return storable(value.length > max ? value.slice(0, max) : value);
};

export const cleanUserAgent = (value: string | null | undefined): string | null => cleanText(value, MAX_USER_AGENT);

const cleanJson = (value: AuditJson): AuditJson => {
  if (typeof value === 'string') {
    return storable(value);
  }
  if (Array.isArray(value)) {
    return value.map(cleanJson);
  }
  if (value !== null && typeof value === 'object') {
    return cleanMetadata(value);
  }
  return value;
};

/** Metadata with every key and string storable (a deep copy; the caller's object is not touched). */
export const cleanMetadata = (metadata: AuditMetadata): AuditMetadata =>
  Object.fromEntries(
    Object.entries(metadata)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [storable(key), cleanJson(value)]),
  );

export const assertAuditAction: (action: string) => asserts action is AuditAction = (action) => {
  if (!ACTION.test(action)) {
    throw new TypeError(`appendAudit: action "${action}" is not a dotted lower-case name`);
  }
};

export const assertAuditSeverity: (severity: string) => asserts severity is AuditSeverity = (severity) => {
  if (!(AUDIT_SEVERITIES as readonly string[]).includes(severity)) {
    throw new TypeError(`appendAudit: unknown severity "${severity}"`);
  }
};

/** A UUID in lower case (as PostgreSQL returns it, and as it is hashed). */
export const cleanId = (value: string, field: string): string => {
  if (!UUID.test(value)) {
    throw new TypeError(`appendAudit: ${field} must be a UUID`);
  }
  return value.toLowerCase();
};

/** {@link cleanId} for an optional column. */
export const cleanUuid = (value: string | null | undefined, field: string): string | null =>
  value === null || value === undefined ? null : cleanId(value, field);

/** A copy of a valid instant (a Date has the milliseconds the canonical form and a check keep). */
export const cleanInstant = (value: Date, field: string): Date => {
  const time = value.getTime();
  if (Number.isNaN(time)) {
    throw new TypeError(`appendAudit: ${field} is an invalid date`);
  }
  return new Date(time);
};
