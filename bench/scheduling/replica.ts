import { randomBytes } from 'node:crypto';
import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import type { BenchSchedule } from './generate-schedule';

/** Rows per transaction: a pull page of the protocol's maximum size, as an initial sync writes them. */
const PAGE = 5_000;

/**
 * An encrypted Node replica (the browser's wa-sqlite build, multiple-ciphers, in memory) holding the
 * schedule, written the way an initial sync writes: search indexes dropped (`setBulkLoad(true)`),
 * one transaction of multi-row upserts per page, indexes built again at the end.
 */
export const loadReplica = async (schedule: BenchSchedule) => {
  const store = await openNodeSqliteStore({ key: randomBytes(32).toString('hex') });
  await store.transaction((tx) => tx.setBulkLoad(true));
  for (const { table, rows } of schedule.rows) {
    for (let offset = 0; offset < rows.length; offset += PAGE) {
      await store.transaction((tx) => tx.putRows(table, rows.slice(offset, offset + PAGE)));
    }
  }
  await store.transaction((tx) => tx.setBulkLoad(false));
  return store;
};

export type Replica = Awaited<ReturnType<typeof loadReplica>>;
