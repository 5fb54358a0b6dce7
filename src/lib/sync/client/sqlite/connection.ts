import * as SQLite from '@journeyapps/wa-sqlite';

/*
 * A thin async wrapper over one wa-sqlite database handle, identical in the browser worker and in
 * Node. Statements are prepared once and reused (bulk sync inserts tens of thousands of rows; a
 * prepare per row would cost more than the insert). Works with the synchronous and the
 * asynchronous (Asyncify) builds: every call is awaited.
 */

export type SqlValue = string | number | null | Uint8Array;

export class SqliteConnection {
  private readonly prepared = new Map<string, number>();

  constructor(
    private readonly sqlite3: SQLiteAPI,
    private readonly db: number,
  ) {}

  /** Opens `filename` on a registered VFS; with `key`, through the encrypting multiple-ciphers layer. */
  static async open({ sqlite3, filename, vfs, key }: { sqlite3: SQLiteAPI; filename: string; vfs: string; key?: string }) {
    const db = await sqlite3.open_v2(
      filename,
      SQLite.SQLITE_OPEN_CREATE | SQLite.SQLITE_OPEN_READWRITE,
      key === undefined ? vfs : `multipleciphers-${vfs}`,
    );
    const connection = new SqliteConnection(sqlite3, db);
    if (key !== undefined) {
      // Must come before any other statement; the key is hex so no quoting can break out.
      if (!/^[0-9a-f]{64}$/.test(key)) {
        throw new TypeError('the database key must be 32 bytes as hex');
      }
      await connection.exec(`PRAGMA key = "x'${key}'"`);
    }
    return connection;
  }

  /** Runs one or more statements without parameters. */
  async exec(sql: string): Promise<void> {
    await this.sqlite3.exec(this.db, sql);
  }

  private async statement(sql: string): Promise<number> {
    const cached = this.prepared.get(sql);
    if (cached !== undefined) {
      return cached;
    }
    // `unscoped`: the statement outlives the iteration; it is finalized in close().
    const iterator = this.sqlite3.statements(this.db, sql, { unscoped: true })[Symbol.asyncIterator]();
    const { value } = await iterator.next();
    await iterator.return?.();
    if (typeof value !== 'number') {
      throw new Error('sqlite: empty statement');
    }
    this.prepared.set(sql, value);
    return value;
  }

  /** Runs a statement with parameters; returns the number of rows changed. */
  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const stmt = await this.statement(sql);
    try {
      this.sqlite3.bind_collection(stmt, params as SqlValue[]);
      while ((await this.sqlite3.step(stmt)) === SQLite.SQLITE_ROW) {
        // a statement with RETURNING: rows are not wanted here
      }
    } finally {
      await this.sqlite3.reset(stmt);
    }
    return this.sqlite3.changes(this.db);
  }

  /** Rows of a query as objects keyed by column name. */
  async all<T extends Record<string, SqlValue>>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const stmt = await this.statement(sql);
    const rows: T[] = [];
    try {
      this.sqlite3.bind_collection(stmt, params as SqlValue[]);
      const columns = this.sqlite3.column_names(stmt);
      while ((await this.sqlite3.step(stmt)) === SQLite.SQLITE_ROW) {
        const values = this.sqlite3.row(stmt);
        const row: Record<string, SqlValue> = {};
        columns.forEach((column, index) => {
          row[column] = (values[index] ?? null) as SqlValue;
        });
        rows.push(row as T);
      }
    } finally {
      await this.sqlite3.reset(stmt);
    }
    return rows;
  }

  async get<T extends Record<string, SqlValue>>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async close(): Promise<void> {
    for (const stmt of this.prepared.values()) {
      await this.sqlite3.finalize(stmt);
    }
    this.prepared.clear();
    await this.sqlite3.close(this.db);
  }
}
