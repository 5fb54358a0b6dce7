import type { SqliteConnection } from '@/lib/sync/client/sqlite/connection';

/*
 * Request ids of the mutations this database applied (docs/decisions/0011, "Mutations from any
 * tab"). A tab gives each mutate call a random id. When the leader that ran it goes away before
 * answering, the tab sends the same request to the next leader, which answers the stored mutation
 * id instead of applying it again. The id is written in the same local transaction as the
 * mutation's outbox entry, so a tab closing at any moment leaves either both or neither.
 *
 * Why a table of its own rather than a look into the outbox: an outbox entry leaves the device as
 * soon as a pull confirms it, which can be milliseconds after the push; a request resent after a
 * handover would then find nothing and apply twice.
 *
 * Kept outside the replicator's migrations (src/lib/sync/client/sqlite/local-schema.ts belongs to
 * the sync engine), created idempotently when the worker opens the database.
 */

const TABLE = 'browser_mutate_requests';

/**
 * How long an id is remembered. A request is sent again only while its tab waits for an answer
 * (the tab's request timeout, 30 s by default); a day is far beyond that and keeps the table small.
 */
export const MUTATE_REQUEST_RETENTION_MS = 24 * 60 * 60 * 1000;

export const ensureMutateRequestsTable = async (connection: SqliteConnection): Promise<void> => {
  await connection.exec(`create table if not exists ${TABLE} (
    request_id text primary key,
    mutation_id integer not null,
    applied_at text not null
  )`);
};

/** The mutation id applied under `requestId`, if it was. Call inside a store transaction. */
export const findMutateRequest = async (connection: SqliteConnection, requestId: string): Promise<number | undefined> => {
  const row = await connection.get<{ mutation_id: number }>(`select mutation_id from ${TABLE} where request_id = ?`, [requestId]);
  return row === undefined ? undefined : Number(row.mutation_id);
};

/** Records an applied request (inside the mutation's own transaction) and forgets expired ones. */
export const recordMutateRequest = async (
  connection: SqliteConnection,
  { requestId, mutationId, now }: { requestId: string; mutationId: number; now: Date },
): Promise<void> => {
  await connection.run(`insert into ${TABLE} (request_id, mutation_id, applied_at) values (?, ?, ?)`, [
    requestId,
    mutationId,
    now.toISOString(),
  ]);
  await connection.run(`delete from ${TABLE} where applied_at < ?`, [new Date(now.getTime() - MUTATE_REQUEST_RETENTION_MS).toISOString()]);
};
