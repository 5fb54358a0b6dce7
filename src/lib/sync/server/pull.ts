import 'server-only';
import { eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type Database, type Tx } from '@/lib/db/client';
import { syncClients } from '@/lib/db/schema/sync';
import { withActor } from '@/lib/db/tx';
import type { TCursors } from '../protocol/common';
import type { TPullRequest, TPullResponse } from '../protocol/pull';
import type { TSyncedTable } from '../protocol/tables';
import { claimSyncClient } from './clients';
import { assertProtocolVersion } from './protocol-version';
import type { SyncActor } from './push';
import { readableTables, scopeKey } from './scope';
import { SYNCED_PG_TABLES } from './synced-tables';

export type ProcessPullOptions = { database: Database; actor: SyncActor; pull: TPullRequest };

/**
 * Answers a pull (DESIGN §5) as the JSON text of a `TPullResponse`: per practice the user belongs
 * to, the changes after the replica's cursor in version order, only from tables the role may read,
 * at most `limit` in all. The route sends this text as the body: the database builds the changes'
 * JSON, so no row passes through JavaScript objects on the server (at 5,000 rows a page, parsing
 * and re-serializing them was most of the server's time).
 *
 * One transaction (READ COMMITTED), three steps:
 * 1. The replica's bookkeeping row is claimed and locked (FOR UPDATE) until commit. A push of this
 *    replica takes the same lock, so none can commit while the pull runs: its last mutation id,
 *    read here, stays true of every snapshot below.
 * 2. One statement per practice reads the practice's head, decides a reset, and builds the page
 *    (change log entries, the rows they name, as JSON). One statement is one snapshot, so the head,
 *    the horizon and the page agree: a tombstone sweep committing meanwhile is seen whole or not at
 *    all. Versions are committed in order (src/lib/sync/server/versions.ts), so a practice with
 *    nothing left after its cursor is caught up to its committed `change_seq`, and the cursor may
 *    jump there even when the last changes were in tables this role does not receive.
 * 3. The scopes served are recorded, under the same lock.
 */
export const processPullText = async ({ database, actor, pull }: ProcessPullOptions): Promise<string> => {
  assertProtocolVersion(pull.protocolVersion);
  const memberships = [...actor.memberships].sort((a, b) => a.practiceId.localeCompare(b.practiceId));
  const scope = { userId: actor.userId, practiceIds: memberships.map((m) => m.practiceId) };

  return withActor(database, scope, async (tx) => {
    const client = await claimSyncClient(tx, { clientId: pull.clientId, userId: actor.userId });
    // A page's JSON (~1 KB a row, 5,000 rows at most) is sorted into version order in memory; the
    // default 4 MB would spill it to a temporary file.
    await tx.execute(sql`set local work_mem = '32MB'`);
    const served = client.servedScopes;
    const resets: string[] = [];
    const changes: string[] = [];
    const cursors: TCursors = {};
    // Each practice's head in the snapshot its page was read from: a replica's progress (percent).
    const heads: TCursors = {};
    const servedNow: Record<string, string> = {};
    const present = new Set<string>();
    let sent = 0;
    let hasMore = false;

    for (const membership of memberships) {
      const practiceId = membership.practiceId;
      const key = scopeKey(membership.role, pull.protocolVersion);
      const request = {
        practiceId,
        cursor: pull.cursors[practiceId] ?? 0,
        // The role's scope changed (or is unknown for this replica): start the practice over, so the
        // replica holds exactly what this role may read of what the server has.
        scopeChanged: served[practiceId] !== key,
        tables: readableTables(membership.role, pull.protocolVersion),
      };
      const room = pull.limit - sent;
      if (room <= 0) {
        // The page is full: only whether the practice must start over, so the cursor sent back is right.
        const head = await readHead(tx, request);
        if (head) {
          present.add(practiceId);
          if (head.reset) {
            resets.push(practiceId);
          }
          cursors[practiceId] = head.start;
          heads[practiceId] = head.head;
          hasMore = true;
        }
        continue;
      }
      const page = await readPage(tx, { ...request, room });
      if (!page) {
        continue; // no such practice (any more)
      }
      present.add(practiceId);
      if (page.reset) {
        resets.push(practiceId);
      }
      servedNow[practiceId] = key;
      heads[practiceId] = page.head;
      if (page.count > 0) {
        changes.push(page.changes);
        sent += page.count;
      }
      if (page.more) {
        hasMore = true;
        cursors[practiceId] = page.last ?? page.start;
      } else {
        cursors[practiceId] = page.head;
      }
    }

    await tx
      .update(syncClients)
      .set({ servedScopes: sql`${syncClients.servedScopes} || ${JSON.stringify(servedNow)}::jsonb`, lastPullAt: sql`now()` })
      .where(eq(syncClients.id, pull.clientId));

    const revoked = Object.keys(pull.cursors).filter((id) => !present.has(id));
    // The envelope is small and built here; the changes are the database's JSON text, spliced in.
    const envelope: Omit<TPullResponse, 'changes'> = { resets, revoked, cursors, heads, hasMore, lastMutationId: client.lastMutationId };
    return `{"changes":[${changes.join(',')}],${JSON.stringify(envelope).slice(1)}`;
  });
};

/** processPullText, parsed: for callers that want the answer as an object (tests, scripts). */
export const processPull = async (options: ProcessPullOptions): Promise<TPullResponse> =>
  JSON.parse(await processPullText(options)) as TPullResponse;

type PageRequest = { practiceId: string; cursor: number; scopeChanged: boolean; tables: readonly TSyncedTable[] };

/**
 * The practice's head and where its page starts, as a CTE: behind tombstone retention, ahead of
 * the server (a database restored from a backup), or with a changed scope, a replica's practice
 * starts over from 0. No row when the practice does not exist.
 */
const headSql = ({ practiceId, cursor, scopeChanged }: PageRequest): SQL => sql`
  head as (
    select change_seq, reset, case when reset then 0 else ${cursor}::bigint end as start
    from (
      select change_seq,
        ${cursor}::bigint > 0 and (${cursor}::bigint < sync_horizon or ${cursor}::bigint > change_seq or ${scopeChanged}::boolean) as reset
      from practices where id = ${practiceId}
    ) h
  )`;

type Head = { head: number; start: number; reset: boolean };

/** bigint arrives as a string on node-postgres and as a number on PGlite. */
const toHead = (row: { change_seq: number | string; start: number | string; reset: boolean }): Head => ({
  head: Number(row.change_seq),
  start: Number(row.start),
  reset: row.reset,
});

const readHead = async (tx: Tx, request: PageRequest): Promise<Head | null> => {
  const [row] = await queryRows<{ change_seq: number | string; start: number | string; reset: boolean }>(
    tx,
    sql`with ${headSql(request)} select change_seq, start, reset from head`,
  );
  return row ? toHead(row) : null;
};

type Page = Head & {
  /** The changes' JSON objects, comma-separated (no brackets). */
  changes: string;
  count: number;
  /** The last version in the page, when the page has any entry. */
  last: number | null;
  /** More entries wait after this page. */
  more: boolean;
};

/**
 * One practice's page in one statement (one snapshot): up to `room` change log entries after the
 * start, ending on a whole version (one transaction's changes share a version, and a cursor in the
 * middle of them would skip the rest; a single version larger than the page is sent whole), with
 * the rows named by `put` entries, as the JSON text of the changes in version order.
 */
const readPage = async (tx: Tx, request: PageRequest & { room: number }): Promise<Page | null> => {
  const { tables } = request;
  if (tables.length === 0) {
    const head = await readHead(tx, request);
    return head ? { ...head, changes: '', count: 0, last: null, more: false } : null;
  }
  const [row] = await queryRows<{ change_seq: number | string; start: number | string; reset: boolean; count: number | string; last: number | string | null; more: boolean; changes: string | null }>(
    tx,
    pageSql(request),
  );
  if (!row) {
    return null;
  }
  return {
    ...toHead(row),
    changes: row.changes ?? '',
    count: Number(row.count),
    last: row.last === null ? null : Number(row.last),
    more: row.more,
  };
};

/** The statement of readPage. */
const pageSql = (request: PageRequest & { room: number }): SQL => {
  const { practiceId, room, tables } = request;
  const inScope = sql`c.practice_id = ${practiceId} and c.table_name in ${[...tables]}`;
  return sql`
    with ${headSql(request)},
    entries as (
      select c.table_name, c.row_id, c.version, c.op from change_log c
      where ${inScope} and c.version > (select start from head)
      order by c.version, c.table_name, c.row_id
      limit ${room + 1}
    ),
    bounds as (select count(*) as n, min(version) as first, max(version) as last from entries),
    page as (
      -- A full page stops before its last version, which may go on past the page...
      select e.* from entries e, bounds b where b.n <= ${room} or e.version < b.last
      union all
      -- ...unless that is its only version: then all of that version.
      select c.table_name, c.row_id, c.version, c.op from change_log c, bounds b
      where b.n > ${room} and b.first = b.last and ${inScope} and c.version = b.first
    )
    select h.change_seq, h.start, h.reset, b.n > ${room} as more, (select max(version) from page) as last, c.count, c.changes
    from head h, bounds b, lateral (
      -- One pass over the page in order: each entry, its row (a put whose row is gone is left out),
      -- the change's JSON, aggregated in version order.
      select count(*) as count, string_agg(
        case
          when p.op = 'remove' then ${removePrefix(practiceId)} || to_json(p.table_name)::text || ',"version":' || p.version || ',"id":"' || p.row_id || '"}'
          ${sql.join(
            tables.map((table, index) => sql`when ${rowAlias(index)}."id" is not null then ${putPrefix(practiceId, table)} || p.version || ',"row":' || row_to_json(${rowAlias(index)})::text || '}'`),
            sql` `,
          )}
        end, ',' order by p.version, p.table_name, p.row_id) as changes
      from page p
      ${sql.join(
        tables.map((table, index) => sql`left join lateral (${rowSql(practiceId, table)}) ${rowAlias(index)} on true`),
        sql` `,
      )}
      where p.op = 'remove' or ${sql.join(
        tables.map((_, index) => sql`${rowAlias(index)}."id" is not null`),
        sql` or `,
      )}
    ) c`;
};

/** `{"op":"remove","practiceId":"<id>","table":` as a parameter: JSON built by JSON.stringify, not by hand. */
const removePrefix = (practiceId: string): SQL => sql`${`${JSON.stringify({ op: 'remove', practiceId }).slice(0, -1)},"table":`}::text`;

/** `{"op":"put","practiceId":"<id>","table":"<table>","version":`, likewise. */
const putPrefix = (practiceId: string, table: TSyncedTable): SQL =>
  sql`${`${JSON.stringify({ op: 'put', practiceId, table }).slice(0, -1)},"version":`}::text`;

const rowAlias = (index: number): SQL => sql.raw(`r${index}`);


/**
 * The row a `put` entry of the page (`p`) names in `table`, with its columns named for the wire.
 * `limit 1` (the id is the primary key) keeps this a lookup per entry: without it the planner may
 * flatten the subquery into a hash join that reads every row of the practice for each page.
 */
const rowSql = (practiceId: string, name: TSyncedTable): SQL => {
  const table = SYNCED_PG_TABLES[name];
  return sql`select ${rowColumnsSql(table)} from ${table}
    where p.op = 'put' and p.table_name = ${name} and ${table.practiceId} = ${practiceId} and ${table.id} = p.row_id
    limit 1`;
};

/**
 * Every column of `table` keyed by its Drizzle field name (what a replica stores), for `row_to_json`:
 * the same JSON as `serializeRow` of an ORM row — instants as ISO strings in UTC with milliseconds
 * (`toISOString()`'s format), dates as `YYYY-MM-DD`, jsonb as JSON, bigint as a number. A test
 * compares the two. (`row_to_json` of a row with aliased columns costs about half of a 35-argument
 * `json_build_object`, which looks up every argument's type again for every row.)
 */
const rowColumnsSql = (table: PgTable): SQL =>
  sql.join(
    Object.entries(getTableColumns(table)).map(([key, column]) => {
      const value =
        column.columnType === 'PgTimestamp' ? sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : sql`${column}`;
      return sql`${value} as ${sql.raw(`"${key}"`)}`;
    }),
    sql`, `,
  );
