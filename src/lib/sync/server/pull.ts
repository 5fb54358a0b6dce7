import 'server-only';
import { and, asc, eq, getTableColumns, gt, inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type Database, type Tx } from '@/lib/db/client';
import { patients } from '@/lib/db/schema/patients';
import { practices } from '@/lib/db/schema/practices';
import { changeLog, conflicts, syncClients } from '@/lib/db/schema/sync';
import { withActor } from '@/lib/db/tx';
import type { TCursors } from '../protocol/common';
import type { TChange, TPullRequest, TPullResponse } from '../protocol/pull';
import type { TSyncedTable } from '../protocol/tables';
import { claimSyncClient } from './clients';
import { assertProtocolVersion } from './protocol-version';
import type { SyncActor } from './push';
import { readableTables, scopeKey } from './scope';

export type ProcessPullOptions = { database: Database; actor: SyncActor; pull: TPullRequest };

type Entry = { tableName: string; rowId: string; version: number; op: 'put' | 'remove' };

/**
 * Answers a pull (DESIGN §5): per practice the user belongs to, the changes after the replica's
 * cursor in version order, only from tables the role may read, at most `limit` in all.
 *
 * All reads run in one REPEATABLE READ snapshot, so the change log, the rows it names, the
 * practices' committed versions and the client's last mutation id agree. Versions are committed
 * in order (src/lib/sync/server/versions.ts), so a practice with nothing left after its cursor is
 * caught up to its committed `change_seq`, and the cursor may jump there even when the last changes
 * were in tables this role does not receive.
 */
export const processPull = async ({ database, actor, pull }: ProcessPullOptions): Promise<TPullResponse> => {
  assertProtocolVersion(pull.protocolVersion);
  const memberships = [...actor.memberships].sort((a, b) => a.practiceId.localeCompare(b.practiceId));
  const scope = { userId: actor.userId, practiceIds: memberships.map((m) => m.practiceId) };

  // Bookkeeping first, in its own short transaction: the snapshot below is read-only.
  await withActor(database, scope, (tx) => claimSyncClient(tx, { clientId: pull.clientId, userId: actor.userId }));

  const answer = await withActor(
    database,
    scope,
    async (tx) => {
      const [client] = await tx.select().from(syncClients).where(eq(syncClients.id, pull.clientId));
      const served = client?.servedScopes ?? {};
      const heads = new Map(
        (
          await tx
            .select({ id: practices.id, changeSeq: practices.changeSeq, syncHorizon: practices.syncHorizon })
            .from(practices)
            .where(inArray(practices.id, scope.practiceIds.length > 0 ? scope.practiceIds : [NIL]))
        ).map((row) => [row.id, row]),
      );
      const resets: string[] = [];
      const changes: TChange[] = [];
      const cursors: TCursors = {};
      const servedNow: Record<string, string> = {};
      let hasMore = false;

      for (const membership of memberships) {
        const practiceId = membership.practiceId;
        const head = heads.get(practiceId);
        if (!head) {
          continue;
        }
        const key = scopeKey(membership.role);
        let cursor = pull.cursors[practiceId] ?? 0;
        // Behind tombstone retention, ahead of the server (a database restored from a backup), or the
        // role's scope changed (or is unknown for this replica): start the practice over, so the
        // replica holds exactly what this role may read of what the server has.
        if (cursor > 0 && (cursor < head.syncHorizon || cursor > head.changeSeq || served[practiceId] !== key)) {
          resets.push(practiceId);
          cursor = 0;
        }
        const room = pull.limit - changes.length;
        if (room <= 0) {
          cursors[practiceId] = cursor;
          hasMore = true;
          continue;
        }
        servedNow[practiceId] = key;
        const tables = readableTables(membership.role);
        const page = await readPage(tx, { practiceId, cursor, room, tables });
        changes.push(...(await materialize(tx, practiceId, page.entries)));
        if (page.more) {
          hasMore = true;
          cursors[practiceId] = page.entries.at(-1)?.version ?? cursor;
        } else {
          cursors[practiceId] = head.changeSeq;
        }
      }
      const revoked = Object.keys(pull.cursors).filter((id) => !heads.has(id));
      return { resets, revoked, changes, cursors, hasMore, lastMutationId: client?.lastMutationId ?? 0, servedNow };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );

  const { servedNow, ...response } = answer;
  await withActor(database, scope, (tx) =>
    tx
      .update(syncClients)
      .set({ servedScopes: sql`${syncClients.servedScopes} || ${JSON.stringify(servedNow)}::jsonb`, lastPullAt: sql`now()` })
      .where(eq(syncClients.id, pull.clientId)),
  );
  return response;
};

const NIL = '00000000-0000-0000-0000-000000000000';

/**
 * Up to `room` change log entries after `cursor`, ending on a whole version: one transaction's
 * changes share a version, and a cursor in the middle of them would skip the rest. A single version
 * larger than the page is sent whole.
 */
const readPage = async (
  tx: Tx,
  { practiceId, cursor, room, tables }: { practiceId: string; cursor: number; room: number; tables: TSyncedTable[] },
): Promise<{ entries: Entry[]; more: boolean }> => {
  if (tables.length === 0) {
    return { entries: [], more: false };
  }
  const where = and(eq(changeLog.practiceId, practiceId), gt(changeLog.version, cursor), inArray(changeLog.tableName, tables));
  const select = () =>
    tx
      .select({ tableName: changeLog.tableName, rowId: changeLog.rowId, version: changeLog.version, op: changeLog.op })
      .from(changeLog)
      .where(where)
      .orderBy(asc(changeLog.version), asc(changeLog.tableName), asc(changeLog.rowId));
  const rows = await select().limit(room + 1);
  if (rows.length <= room) {
    return { entries: rows, more: false };
  }
  const cut = rows[room]?.version;
  const kept = rows.slice(0, room).filter((row) => row.version !== cut);
  if (kept.length > 0) {
    return { entries: kept, more: true };
  }
  // The first version alone is larger than the page: send all of it.
  const whole = await tx
    .select({ tableName: changeLog.tableName, rowId: changeLog.rowId, version: changeLog.version, op: changeLog.op })
    .from(changeLog)
    .where(and(where, eq(changeLog.version, cut ?? cursor)))
    .orderBy(asc(changeLog.tableName), asc(changeLog.rowId));
  return { entries: whole, more: true };
};

const TABLES = { patients, conflicts } as const;

/**
 * `json_build_object(...)` of every column of `table`, keyed by the Drizzle field names (what a
 * replica stores) — the same JSON as `serializeRow` of an ORM row: instants as ISO strings in UTC
 * with milliseconds (`toISOString()`'s format), dates as `YYYY-MM-DD`, jsonb as JSON, bigint as a
 * number. A test compares the two.
 */
export const jsonRowSql = (table: PgTable) =>
  sql`json_build_object(${sql.join(
    Object.entries(getTableColumns(table)).map(([key, column]) => {
      const value =
        column.columnType === 'PgTimestamp'
          ? sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
          : sql`${column}`;
      return sql`${sql.raw(`'${key}'`)}, ${value}`;
    }),
    sql`, `,
  )})`;

/** The rows named by `put` entries, as JSON, in the entries' order; `remove` entries as they are. */
const materialize = async (tx: Tx, practiceId: string, entries: readonly Entry[]): Promise<TChange[]> => {
  const rowsByTable = new Map<string, Map<string, Record<string, unknown>>>();
  for (const [name, table] of Object.entries(TABLES)) {
    const ids = entries.filter((e) => e.tableName === name && e.op === 'put').map((e) => e.rowId);
    if (ids.length === 0) {
      continue;
    }
    // The rows as JSON built by the database: mapping 30-odd columns per row through the driver and
    // the ORM was most of a pull's server time.
    const rows = await queryRows<{ row: string }>(
      tx,
      sql`select ${jsonRowSql(table)}::text as row from ${table} where ${table.practiceId} = ${practiceId} and ${table.id} in ${sql`(${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`}`,
    );
    rowsByTable.set(
      name,
      new Map(
        rows.map((found) => {
          const row = JSON.parse(found.row) as Record<string, unknown>;
          return [String(row.id), row];
        }),
      ),
    );
  }
  const changes: TChange[] = [];
  for (const entry of entries) {
    const table = entry.tableName as TSyncedTable;
    if (entry.op === 'remove') {
      changes.push({ op: 'remove', practiceId, table, version: entry.version, id: entry.rowId });
      continue;
    }
    const row = rowsByTable.get(entry.tableName)?.get(entry.rowId);
    if (row) {
      changes.push({ op: 'put', practiceId, table, version: entry.version, row });
    }
  }
  return changes;
};
