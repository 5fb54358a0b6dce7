import type { TCursors } from '../../protocol/common';
import { ZSyncedTable, type TSyncedTable } from '../../protocol/tables';
import type { LocalStore, LocalTx, OutboxEntry, RejectedMutation, Shadow } from '../local-store';
import type { LocalRow } from '../local-writer';
import type { SqliteConnection, SqlValue } from './connection';
import { createSearchIndexes, dropSearchIndexes, migrateLocalDatabase } from './local-schema';

/*
 * LocalStore on SQLite (wa-sqlite): the same code in the browser worker and in Node tests and
 * benchmarks. One connection, so transactions are serialized here by a promise chain.
 */

const json = (value: unknown): string => JSON.stringify(value);

/**
 * Rows per multi-row upsert: 4 parameters each, well under SQLite's limit on bound variables. A
 * page's remainder goes in halving sizes (256, 128, … 1), so a few prepared statements serve every
 * page size instead of one per remainder.
 */
const ROWS_PER_STATEMENT = 512;

/** Sizes of the statements that write `count` rows: full chunks, then the remainder in powers of two. */
const chunkSizes = (count: number): number[] => {
  const sizes: number[] = [];
  let left = count;
  for (let size = ROWS_PER_STATEMENT; size >= 1; size = size >> 1) {
    while (left >= size) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
};

/**
 * The page cache during a bulk load, in KiB: large enough to hold the tables and indexes being
 * written, so the encrypted pages are not evicted and decrypted again (and the indexes built at the
 * end read the table from memory). SQLite allocates it as pages are used, and the normal size is
 * restored when the load ends.
 */
const BULK_CACHE_KIB = 256 * 1024;
/** SQLite's default (2 MB) outside a bulk load. */
const NORMAL_CACHE_KIB = 2000;
const parse = <T>(value: SqlValue): T => JSON.parse(String(value)) as T;

// Table names come from the closed list of synced tables, never from input: checked before they
// are put into SQL text.
const table = (name: TSyncedTable): TSyncedTable => ZSyncedTable.parse(name);

const createTx = (db: SqliteConnection): LocalTx => ({
  getRow: async (name, id) => {
    const row = await db.get<{ data: string }>(`select data from ${table(name)} where id = ?`, [id]);
    return row ? parse<LocalRow>(row.data) : null;
  },
  putRow: async (name, row) => {
    await db.run(
      `insert into ${table(name)} (id, practice_id, version, data) values (?, ?, ?, ?)
       on conflict (id) do update set practice_id = excluded.practice_id, version = excluded.version, data = excluded.data`,
      [row.id, String(row.practiceId), Number(row.version ?? 0), json(row)],
    );
  },
  putRows: async (name, rows) => {
    // Multi-row upserts: one statement per chunk instead of one per row (the initial sync budget).
    let start = 0;
    for (const size of chunkSizes(rows.length)) {
      const chunk = rows.slice(start, start + size);
      start += size;
      await db.run(
        `insert into ${table(name)} (id, practice_id, version, data) values ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}
         on conflict (id) do update set practice_id = excluded.practice_id, version = excluded.version, data = excluded.data`,
        chunk.flatMap((row) => [row.id, String(row.practiceId), Number(row.version ?? 0), json(row)]),
      );
    }
  },
  isEmpty: async () => {
    for (const name of ZSyncedTable.options) {
      if (await db.get(`select 1 as one from ${table(name)} limit 1`)) {
        return false;
      }
    }
    return true;
  },
  setBulkLoad: async (on) => {
    if (on) {
      await dropSearchIndexes(db);
      await db.exec(`pragma cache_size = -${BULK_CACHE_KIB}`);
    } else {
      await createSearchIndexes(db);
      await db.exec(`pragma cache_size = -${NORMAL_CACHE_KIB}`);
    }
  },
  deleteRow: async (name, id) => {
    await db.run(`delete from ${table(name)} where id = ?`, [id]);
  },
  deletePracticeRows: async (practiceId) => {
    for (const name of ZSyncedTable.options) {
      await db.run(`delete from ${table(name)} where practice_id = ?`, [practiceId]);
    }
  },

  getShadow: async (name, id) => {
    const row = await db.get<{ row: string | null }>('select row from shadows where tbl = ? and id = ?', [table(name), id]);
    return row ? { table: name, id, row: row.row === null ? null : parse<LocalRow>(row.row) } : undefined;
  },
  putShadow: async (shadow: Shadow) => {
    await db.run('insert or replace into shadows (tbl, id, row) values (?, ?, ?)', [
      table(shadow.table),
      shadow.id,
      shadow.row === null ? null : json(shadow.row),
    ]);
  },
  listShadows: async () =>
    (await db.all<{ tbl: string; id: string; row: string | null }>('select tbl, id, row from shadows')).map((row) => ({
      table: ZSyncedTable.parse(row.tbl),
      id: row.id,
      row: row.row === null ? null : parse<LocalRow>(row.row),
    })),
  clearShadows: async () => {
    await db.run('delete from shadows');
  },

  appendOutbox: async (entry: OutboxEntry) => {
    await db.run('insert into outbox (id, name, args, base_versions, created_at) values (?, ?, ?, ?, ?)', [
      entry.id,
      entry.name,
      json(entry.args),
      json(entry.baseVersions),
      entry.createdAt,
    ]);
  },
  listOutbox: async ({ afterId = 0, limit = 1_000_000 } = {}) =>
    (
      await db.all<{ id: number; name: string; args: string; base_versions: string; created_at: string }>(
        'select id, name, args, base_versions, created_at from outbox where id > ? order by id limit ?',
        [afterId, limit],
      )
    ).map((row) => ({
      id: Number(row.id),
      name: row.name,
      args: parse<unknown>(row.args),
      baseVersions: parse<Record<string, number>>(row.base_versions),
      createdAt: row.created_at,
    })),
  countOutbox: async () => Number((await db.get<{ n: number }>('select count(*) as n from outbox'))?.n ?? 0),
  oldestOutboxAt: async () => (await db.get<{ at: string | null }>('select min(created_at) as at from outbox'))?.at ?? null,
  deleteOutboxThrough: async (id) => {
    await db.run('delete from outbox where id <= ?', [id]);
  },
  deleteOutboxEntry: async (id) => {
    await db.run('delete from outbox where id = ?', [id]);
  },

  addRejected: async (rejected: RejectedMutation) => {
    await db.run('insert or replace into rejected_mutations (id, name, args, error, rejected_at) values (?, ?, ?, ?, ?)', [
      rejected.id,
      rejected.name,
      json(rejected.args),
      json(rejected.error),
      rejected.rejectedAt,
    ]);
  },
  listRejected: async () =>
    (
      await db.all<{ id: number; name: string; args: string; error: string; rejected_at: string }>(
        'select id, name, args, error, rejected_at from rejected_mutations order by id',
      )
    ).map((row) => ({
      id: Number(row.id),
      name: row.name,
      args: parse<unknown>(row.args),
      error: parse<{ code: string; message: string }>(row.error),
      rejectedAt: row.rejected_at,
    })),
  deleteRejected: async (id) => {
    await db.run('delete from rejected_mutations where id = ?', [id]);
  },

  getMeta: async (key) => (await db.get<{ value: string }>('select value from meta where key = ?', [key]))?.value ?? null,
  setMeta: async (key, value) => {
    await db.run('insert or replace into meta (key, value) values (?, ?)', [key, value]);
  },
  getCursors: async () =>
    Object.fromEntries(
      (await db.all<{ practice_id: string; version: number }>('select practice_id, version from cursors')).map((row) => [
        row.practice_id,
        Number(row.version),
      ]),
    ) as TCursors,
  setCursors: async (cursors) => {
    for (const [practiceId, version] of Object.entries(cursors)) {
      await db.run('insert or replace into cursors (practice_id, version) values (?, ?)', [practiceId, version]);
    }
  },
  deleteCursor: async (practiceId) => {
    await db.run('delete from cursors where practice_id = ?', [practiceId]);
  },
});

/**
 * Connection settings, before anything else touches the database: temporary storage (the sorter of
 * CREATE INDEX, large ORDER BYs, temporary tables) in memory. SQLite3 Multiple Ciphers encrypts the
 * database and its journal, not temporary files, so sorts of patient rows must never spill to a file.
 *
 * The page size stays SQLite's default (4 KiB): 8 KiB pages gave an initial sync no measurable gain
 * and doubled the cost of a local search (every row read decrypts a whole page). The journal stays a
 * rollback journal: the database holds the outbox, and a crash in the middle of a page's
 * transaction must roll back, not corrupt it.
 */
const configureConnection = async (db: SqliteConnection): Promise<void> => {
  await db.exec('pragma temp_store = memory');
};

/** A LocalStore over an open connection, migrated to the latest local schema. */
export const createSqliteStore = async (db: SqliteConnection): Promise<LocalStore & { connection: SqliteConnection }> => {
  await configureConnection(db);
  await migrateLocalDatabase(db);
  // A bulk load interrupted midway (tab closed during the initial sync) left them dropped.
  await createSearchIndexes(db);
  const tx = createTx(db);
  let queue: Promise<unknown> = Promise.resolve();
  return {
    connection: db,
    transaction: <T>(fn: (tx: LocalTx) => Promise<T>): Promise<T> => {
      const run = async () => {
        await db.exec('begin immediate');
        try {
          const result = await fn(tx);
          await db.exec('commit');
          return result;
        } catch (error) {
          await db.exec('rollback');
          throw error;
        }
      };
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
    close: async () => {
      await queue;
      await db.close();
    },
  };
};
