import type { Database } from '@/lib/db/client';
import type { LocalStore } from '@/lib/sync/client/local-store';
import { Replicator, type ReplicatorOptions } from '@/lib/sync/client/replicator';
import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import type { SyncTransport } from '@/lib/sync/client/transport';
import type { SyncActor } from '@/lib/sync/server/push';
import { createInProcessTransport } from '../../tests/integration/sync/in-process-transport';

/**
 * Where a device's sync time went: waiting on the transport (server work + the JSON round trip +
 * checking the answer) and working in the replica (local transactions). With pipelining the two
 * overlap (the next page is asked for while one is applied), so the parts may add up to more than
 * the wall time.
 */
export type TransportStats = {
  pulls: number;
  /** Sum of the pull calls' durations, request to checked answer. */
  pullMs: number;
  /** Sum of the local transactions' durations (apply, rebase, bookkeeping), index builds included. */
  replicaMs: number;
  /** Of replicaMs: building the search indexes at the end of a bulk load. */
  indexMs: number;
  pulledChanges: number;
  /** The `limit` of each pull request, as the replicator sent it. */
  pullLimits: Set<number>;
  pushes: number;
  pushMs: number;
};

/**
 * The in-process transport of the sync tests: the real processPush / processPullText on the real
 * database, each request through a JSON round trip and the server's Zod schema, each answer as JSON
 * text parsed and checked as the HTTP transport does — only the socket is missing. Wrapped here to
 * time each call.
 */
const measuredTransport = (database: Database, actor: SyncActor, onCall: () => void): { transport: SyncTransport; stats: TransportStats } => {
  const inner = createInProcessTransport(database, () => actor);
  const stats: TransportStats = { pulls: 0, pullMs: 0, replicaMs: 0, indexMs: 0, pulledChanges: 0, pullLimits: new Set(), pushes: 0, pushMs: 0 };
  return {
    stats,
    transport: {
      pull: async (request) => {
        onCall();
        const started = performance.now();
        const answer = await inner.pull(request);
        stats.pullMs += performance.now() - started;
        stats.pulls += 1;
        stats.pulledChanges += answer.changes.length;
        stats.pullLimits.add(request.limit);
        onCall();
        return answer;
      },
      push: async (request) => {
        onCall();
        const started = performance.now();
        const answer = await inner.push(request);
        stats.pushMs += performance.now() - started;
        stats.pushes += 1;
        return answer;
      },
    },
  };
};

/** The store, with the time spent in its transactions (and in ending a bulk load) added to `stats`. */
const measuredStore = (store: LocalStore, stats: TransportStats): LocalStore => ({
  ...store,
  transaction: async (fn) => {
    const started = performance.now();
    try {
      return await store.transaction((tx) =>
        fn({
          ...tx,
          setBulkLoad: async (on) => {
            const building = performance.now();
            await tx.setBulkLoad(on);
            if (!on) {
              stats.indexMs += performance.now() - building;
            }
          },
        }),
      );
    } finally {
      stats.replicaMs += performance.now() - started;
    }
  },
});

/** Any 32-byte hex key: the replica is encrypted as on a real device (the cipher is part of the cost). */
const KEY = 'b7'.repeat(32);

export type BenchDevice = Awaited<ReturnType<typeof openDevice>>;

/** A device: a fresh encrypted wa-sqlite replica in memory and the real replicator over the in-process transport. */
export const openDevice = async (
  database: Database,
  actor: SyncActor,
  options: Pick<ReplicatorOptions, 'autoSync' | 'onChange'> & { onCall?: () => void } = {},
) => {
  const store = await openNodeSqliteStore({ key: KEY });
  const { transport, stats } = measuredTransport(database, actor, options.onCall ?? (() => undefined));
  const replicator = await Replicator.open({
    store: measuredStore(store, stats),
    transport,
    userId: actor.userId,
    autoSync: options.autoSync ?? false,
    onChange: options.onChange,
  });
  return {
    store,
    replicator,
    stats,
    /** Rows of a synced table in the replica. */
    count: async (table: 'patients' | 'conflicts'): Promise<number> =>
      Number((await store.connection.get<{ n: number }>(`select count(*) as n from ${table}`))?.n ?? 0),
    /** The size of the (encrypted) database file. */
    fileBytes: async (): Promise<number> => {
      const pages = await store.connection.get<{ page_count: number }>('pragma page_count');
      const size = await store.connection.get<{ page_size: number }>('pragma page_size');
      return Number(pages?.page_count ?? 0) * Number(size?.page_size ?? 0);
    },
    close: async () => {
      replicator.stop();
      await store.close();
    },
  };
};
