/*
 * The one error type of the browser's local database (issue #6 §1–2). It crosses postMessage and
 * BroadcastChannel as a plain object and is rebuilt on the other side, so a page can switch on
 * `code` whether the statement ran in its own worker or in the leader tab's.
 *
 * Messages are fixed per code: SQLite's own message can quote SQL text (`near "…": syntax error`,
 * `no such column: …` when a value was written in double quotes), and that text could be patient
 * data. Only constraint messages, which name schema objects and never values, keep their detail.
 */

export const LOCAL_DB_ERROR_CODES = [
  /** A bad file name, key or statement argument; a programming error. */
  'invalid_argument',
  /** A query before open, or after close. */
  'not_open',
  /** The key does not open this file (or the file is not a database). */
  'wrong_key',
  /** A tab taking over found no database: it was wiped meanwhile. */
  'wiped',
  /** Neither OPFS nor IndexedDB can be used in this browser context. */
  'storage_unavailable',
  /** A UNIQUE, NOT NULL, CHECK, FOREIGN KEY or PRIMARY KEY constraint refused a write. */
  'constraint',
  /** Any other SQLite error (syntax, missing table, I/O). */
  'sql',
  /** The leader did not answer in time. */
  'timeout',
  /** The leader accepted a write and went away before answering: it may or may not have run. */
  'outcome_unknown',
  /** This connection was closed (by close(), wipe(), or a wipe in another tab). */
  'closed',
  /** The worker script failed to load or crashed. */
  'worker_failed',
  /** A mutation before sync was started (connect without `sync`): nobody to send it to. */
  'sync_not_started',
  /** A mutation's arguments failed its schema; `fields` says which (nothing was written). */
  'invalid_mutation',
  /** Anything else; the detail stays out of the message. */
  'internal',
] as const;

export type LocalDbErrorCode = (typeof LOCAL_DB_ERROR_CODES)[number];

/** A field a mutation's schema refused: a dotted path into its arguments and the schema's message. */
export type LocalDbFieldError = { path: string; message: string };

/** The structured-clone form of a LocalDbError. */
export type LocalDbErrorShape = {
  name: 'LocalDbError';
  code: LocalDbErrorCode;
  message: string;
  sqliteCode?: number;
  fields?: LocalDbFieldError[];
};

const MESSAGES: Record<LocalDbErrorCode, string> = {
  invalid_argument: 'invalid argument',
  not_open: 'the local database is not open',
  wrong_key: 'the key does not open this local database',
  wiped: 'the local database was wiped',
  storage_unavailable: 'this browser offers no storage for the local database',
  constraint: 'a constraint refused the write',
  sql: 'the statement failed',
  timeout: 'the local database did not answer in time',
  outcome_unknown: 'the tab that ran this write closed before answering; it may or may not have been applied',
  closed: 'the local database connection is closed',
  worker_failed: 'the local database worker failed',
  sync_not_started: 'sync has not been started for this local database',
  invalid_mutation: 'some fields are invalid',
  internal: 'internal error in the local database',
};

export class LocalDbError extends Error {
  override name = 'LocalDbError' as const;

  constructor(
    readonly code: LocalDbErrorCode,
    message: string = MESSAGES[code],
    readonly sqliteCode?: number,
    /** For `invalid_mutation`: the schema's messages per field (they never repeat the input). */
    readonly fields?: LocalDbFieldError[],
  ) {
    super(message);
  }

  toShape(): LocalDbErrorShape {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.sqliteCode === undefined ? {} : { sqliteCode: this.sqliteCode }),
      ...(this.fields === undefined ? {} : { fields: this.fields }),
    };
  }

  static fromShape(shape: LocalDbErrorShape): LocalDbError {
    return new LocalDbError(shape.code, shape.message, shape.sqliteCode, shape.fields);
  }
}

export const isLocalDbErrorShape = (value: unknown): value is LocalDbErrorShape =>
  typeof value === 'object' &&
  value !== null &&
  (value as { name?: unknown }).name === 'LocalDbError' &&
  (LOCAL_DB_ERROR_CODES as readonly unknown[]).includes((value as { code?: unknown }).code) &&
  typeof (value as { message?: unknown }).message === 'string';

// Primary result codes (https://sqlite.org/rescode.html); wa-sqlite reports primary codes unless
// extended codes are switched on, and the low byte of an extended code is its primary code.
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_CONSTRAINT = 19;
const SQLITE_NOTADB = 26;

// "UNIQUE constraint failed: patients.id" names columns, never values.
const CONSTRAINT_DETAIL = /^(UNIQUE|NOT NULL|CHECK|FOREIGN KEY|PRIMARY KEY) constraint failed(: [\w.]+(, [\w.]+)*)?$/;

const sqliteCodeOf = (error: unknown): number | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' && Number.isInteger(code) ? code : undefined;
};

/**
 * Any error thrown while opening or querying, as a LocalDbError safe to show and log: SQLite errors
 * (wa-sqlite's SQLiteError carries `code`) by result code, everything else as `internal`.
 */
export const toLocalDbError = (error: unknown, { opening = false } = {}): LocalDbError => {
  if (error instanceof LocalDbError) {
    return error;
  }
  const code = sqliteCodeOf(error);
  if (code === undefined || !(error instanceof Error)) {
    return new LocalDbError('internal');
  }
  const primary = code & 0xff;
  if (primary === SQLITE_NOTADB && opening) {
    return new LocalDbError('wrong_key', MESSAGES.wrong_key, code);
  }
  if (primary === SQLITE_CONSTRAINT) {
    return new LocalDbError('constraint', CONSTRAINT_DETAIL.test(error.message) ? error.message : MESSAGES.constraint, code);
  }
  if (primary === SQLITE_BUSY || primary === SQLITE_LOCKED) {
    return new LocalDbError('sql', `the database is busy (SQLite ${code})`, code);
  }
  return new LocalDbError('sql', `${MESSAGES.sql} (SQLite ${code})`, code);
};
