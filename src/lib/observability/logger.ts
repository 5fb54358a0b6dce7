import 'server-only';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { getConfig, type AppConfig } from '@/lib/config/env';
import { serializeError } from './serialize-error';

/*
 * The process logger: JSON lines on stdout (pretty only for a developer at a terminal), with
 * patient data and credentials redacted.
 *
 * Redaction, in two layers:
 * 1. `formatters.log` and `formatters.bindings` (pino runs them before anything is serialized)
 *    pass every logged object through `scrubForLog`: each key in REDACTED_KEYS is censored at any
 *    depth, anything nested deeper than MAX_LOG_DEPTH is truncated, and every Error, wherever it
 *    sits, becomes `serializeError`'s masked form (database errors carry bound values in
 *    `params`, `detail` and their messages).
 * 2. pino `redact` with wildcard paths censors the same keys at the top level and credentials in
 *    the places they usually travel (`*.headers.cookie`, `*.password`, …), as a second line
 *    should a future formatter change bypass the first.
 * Why not pino `redact` alone: its paths have no "any depth" form, and spelling depth out with
 * wildcards (`*.name`, `*.*.name`, … for ~70 keys) costs about 1.2 µs per wildcard path per line
 * with @pinojs/redact — measured here at ~0.9 ms per line for six levels, against ~10 µs
 * without. The key walk costs a few µs.
 * What neither layer can catch is patient data inside a free-text message or under an unlisted
 * key: log identifiers and counts, never records.
 */

/** Keys whose values never reach the log, at any level. Matching is exact (case-sensitive). */
export const REDACTED_KEYS = [
  // Identity and demographics.
  'name',
  'firstName',
  'middleName',
  'lastName',
  'givenName',
  'familyName',
  'fullName',
  'preferredName',
  'dateOfBirth',
  'dob',
  'birthDate',
  'sex',
  'gender',
  'ssn',
  'socialSecurityNumber',
  'nationalId',
  'mrn',
  'medicalRecordNumber',
  // Contact.
  'phone',
  'phoneNumber',
  'mobile',
  'email',
  'address',
  'addressLine1',
  'addressLine2',
  'street',
  'postalCode',
  // Insurance.
  'insuranceMemberId',
  'memberId',
  'policyNumber',
  'groupNumber',
  // Clinical free text and whole payloads.
  'notes',
  'note',
  'diagnosis',
  'body',
  'payload',
  'args',
  'row',
  'rows',
  'params',
  'query',
  'search',
  'q',
  // Credentials and session material.
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'sessionToken',
  'secret',
  'totp',
  'otp',
  'apiKey',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'cookies',
  'set-cookie',
  'Set-Cookie',
  'x-api-key',
] as const;

/** Objects nested deeper than this are replaced by "[Truncated]" (this also ends cycles). */
export const MAX_LOG_DEPTH = 8;

const CENSOR = '[REDACTED]';
const TRUNCATED = '[Truncated]';
const redactedKeySet: ReadonlySet<string> = new Set(REDACTED_KEYS);

/** Credentials where they usually travel, for pino's own `redact` (layer 2; cheap: few wildcards). */
const CREDENTIAL_WILDCARD_PATHS = [
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers["x-api-key"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.body',
  '*.params',
  '*.query',
];

const pathSegment = (key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`);

/** pino `redact` paths: every redacted key at the top level, plus the credential wildcards. */
export const REDACT_PATHS: readonly string[] = [...REDACTED_KEYS.map(pathSegment), ...CREDENTIAL_WILDCARD_PATHS];

/**
 * A copy of `value` that is safe to print: REDACTED_KEYS censored at any depth, nothing below
 * `maxDepth`, Errors masked, binary data and collections described instead of dumped.
 */
export const scrubForLog = (value: unknown, maxDepth: number = MAX_LOG_DEPTH, level = 0): unknown => {
  if (value instanceof Error) {
    return serializeError(value);
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) {
    return value;
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    return '[Binary]';
  }
  if (value instanceof Map || value instanceof Set) {
    return `[${value.constructor.name}(${value.size})]`;
  }
  if (level >= maxDepth) {
    return TRUNCATED;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown) => scrubForLog(item, maxDepth, level + 1));
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = redactedKeySet.has(key) ? CENSOR : scrubForLog(inner, maxDepth, level + 1);
  }
  return out;
};

const scrubObject = (object: Record<string, unknown>): Record<string, unknown> =>
  scrubForLog(object) as Record<string, unknown>;

export type CreateLoggerOptions = {
  level: AppConfig['logLevel'];
  /** Where lines go; stdout when omitted. Tests pass a capturing stream. */
  destination?: DestinationStream;
  /** Human-readable output through pino-pretty (a dev dependency: never in production). */
  pretty?: boolean;
};

/** The pino options every logger here shares (exported for tests). */
export const loggerOptions = (level: AppConfig['logLevel']): LoggerOptions => ({
  level,
  // No `name` option: the key `name` is redacted (it is a person's name far more often).
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: [...REDACT_PATHS], censor: CENSOR },
  serializers: {
    // Errors arrive already masked by `scrubForLog` (formatters run first), as plain objects. A
    // thrown non-object (a string) is described by its type: it may be anything, request data too.
    err: (value: unknown) => (value !== null && typeof value === 'object' ? value : serializeError(value)),
  },
  formatters: {
    level: (label) => ({ level: label }),
    bindings: scrubObject,
    log: scrubObject,
  },
});

/**
 * pino applies `formatters.bindings` to the root's bindings only, not to `child(bindings)`.
 * Children inherit `child` through the prototype chain, so overriding it once on the root makes
 * every descendant scrub its bindings too.
 */
const scrubChildBindings = (root: Logger): Logger => {
  const pinoChild = root.child;
  const child = function (this: Logger, bindings: Record<string, unknown>, options?: Parameters<Logger['child']>[1]) {
    return pinoChild.call(this, scrubObject(bindings), options);
  };
  root.child = child as Logger['child'];
  return root;
};

/** A new logger (tests use this with their own destination). */
export const createLogger = ({ level, destination, pretty = false }: CreateLoggerOptions): Logger => {
  const options = loggerOptions(level);
  if (pretty && destination === undefined) {
    // Resolved by pino in a worker thread only here, so production never loads pino-pretty.
    return scrubChildBindings(pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } }));
  }
  return scrubChildBindings(destination === undefined ? pino(options) : pino(options, destination));
};

let processLogger: Logger | undefined;

/** The process logger, configured from `getConfig()` on first use. */
export const getLogger = (): Logger => {
  if (processLogger === undefined) {
    const config = getConfig();
    processLogger = createLogger({
      level: config.logLevel,
      pretty: config.nodeEnv === 'development' && process.stdout.isTTY === true,
    });
  }
  return processLogger;
};

/** A child logger whose every line carries the request id. */
export const requestLogger = (requestId: string, parent: Logger = getLogger()): Logger => parent.child({ requestId });

export type { Logger };
