/*
 * Errors → plain objects for the log, without the patient data that database errors carry.
 *
 * Redaction by key name (logger.ts) cannot catch these: the values sit inside strings and under
 * generic keys. Seen on this stack:
 * - Drizzle's `DrizzleQueryError` message is "Failed query: <sql>\nparams: <every bound value>",
 *   and the same text opens its `stack`; the values are also on `.params`.
 * - PGlite and node-postgres errors carry `detail` ("Key (email)=(jane@example.org) already
 *   exists."), PGlite also `query`/`params`, and some messages quote the rejected input
 *   ('invalid input syntax for type uuid: "Jane Doe"').
 * So this serializer keeps what diagnoses a failure (type, code, constraint, table, column, SQL
 * text, stack frames) and drops or masks the values.
 */

export type SerializedError = {
  type: string;
  message: string;
  stack?: string;
  /** Application or SQLSTATE code. */
  code?: string;
  /** Database diagnostics: names of things, never values. */
  severity?: string;
  constraint?: string;
  table?: string;
  column?: string;
  schema?: string;
  dataType?: string;
  routine?: string;
  /** `detail` with every `=(value)` masked. */
  detail?: string;
  /** The failed statement's SQL text (parameterized: values are bound separately and dropped). */
  sql?: string;
  cause?: SerializedError | string;
  errors?: (SerializedError | string)[];
};

const MASK = '[REDACTED]';
const MAX_CAUSE_DEPTH = 3;
const MAX_AGGREGATED = 5;
const MAX_SQL_LENGTH = 2000;

const stringProp = (error: object, key: string): string | undefined => {
  const value: unknown = (error as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const isDatabaseError = (error: Error): boolean => {
  const code = stringProp(error, 'code');
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) && stringProp(error, 'severity') !== undefined;
};

/** Postgres messages that end with the rejected input, e.g. `invalid input syntax for type uuid: "x"`. */
const VALUE_BEARING_MESSAGE = /^(invalid input (syntax|value)[^:]*|.*out of range[^:]*|.*malformed[^:]*): /i;

const maskMessage = (error: Error): string => {
  const message = error.message;
  // Drizzle: keep the statement, drop "params: …".
  const paramsAt = message.indexOf('\nparams:');
  if (message.startsWith('Failed query:') && paramsAt !== -1) {
    return message.slice(0, paramsAt);
  }
  if (isDatabaseError(error)) {
    const match = VALUE_BEARING_MESSAGE.exec(message);
    if (match !== null) {
      return `${match[0]}${MASK}`;
    }
  }
  return message;
};

/** `Key (email)=(jane@example.org) already exists.` → `Key (email)=([REDACTED]) already exists.` */
const maskDetail = (detail: string): string => detail.replace(/=\((?:[^()]|\([^()]*\))*\)/g, `=(${MASK})`);

/** Keeps the frames; replaces the header (which repeats the raw message) with the masked one. */
const maskStack = (error: Error, type: string, message: string): string | undefined => {
  if (typeof error.stack !== 'string') {
    return undefined;
  }
  const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
  return [`${type}: ${message}`, ...frames].join('\n');
};

const serializeUnknown = (value: unknown, depth: number): SerializedError | string => {
  if (value instanceof Error) {
    return serializeAt(value, depth);
  }
  // A thrown non-Error (a string, an object) is described, not dumped: it may be request data.
  return `[thrown ${value === null ? 'null' : typeof value}]`;
};

const serializeAt = (error: Error, depth: number): SerializedError => {
  const type = error.constructor.name !== '' && error.constructor.name !== 'Error' ? error.constructor.name : error.name;
  const message = maskMessage(error);
  const out: SerializedError = { type, message };
  const stack = maskStack(error, type, message);
  if (stack !== undefined) {
    out.stack = stack;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') {
    out.code = String(code);
  }
  for (const key of ['severity', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine'] as const) {
    const value = stringProp(error, key);
    if (value !== undefined) {
      out[key] = value;
    }
  }
  const detail = stringProp(error, 'detail');
  if (detail !== undefined) {
    out.detail = maskDetail(detail);
  }
  const sql = stringProp(error, 'query');
  if (sql !== undefined) {
    out.sql = sql.slice(0, MAX_SQL_LENGTH);
  }
  if (depth < MAX_CAUSE_DEPTH) {
    if (error.cause !== undefined) {
      out.cause = serializeUnknown(error.cause, depth + 1);
    }
    if (error instanceof AggregateError) {
      out.errors = (error.errors as unknown[]).slice(0, MAX_AGGREGATED).map((inner) => serializeUnknown(inner, depth + 1));
    }
  }
  return out;
};

/**
 * An error as a log-safe plain object (also used as pino's `err` serializer). Non-errors are
 * described by their type only.
 */
export const serializeError = (error: unknown): SerializedError | string => serializeUnknown(error, 0);
