import { describe, expect, it } from 'vitest';
import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';

/*
 * Found while building the model tests (issue #5 §6), fixed in node-sqlite.ts: openNodeSqliteStore
 * shares one wa-sqlite module across stores, and wa-sqlite's open_v2 writes the new handle to a
 * scratch word shared by the whole module (`tmpPtr[0]` in src/sqlite-api.js) and reads it back
 * after an await. Two opens in flight read the same handle, and both stores then drove ONE SQLite
 * connection. Opens now take turns. The browser opens one database per worker and was not affected.
 */
describe('replicas opened concurrently in one process', () => {
  it('are independent databases', async () => {
    const opened = await Promise.allSettled([openNodeSqliteStore(), openNodeSqliteStore()]);
    const stores = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    try {
      expect(opened.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
      const [a, b] = stores;
      await a?.transaction((tx) => tx.setMeta('probe', 'written on a'));
      expect(await b?.transaction((tx) => tx.getMeta('probe'))).toBeNull();
    } finally {
      for (const store of stores) {
        await store.close().catch(() => undefined);
      }
    }
  });

  it('are independent when opened one after another', async () => {
    const a = await openNodeSqliteStore();
    const b = await openNodeSqliteStore();
    await a.transaction((tx) => tx.setMeta('probe', 'written on a'));
    expect(await b.transaction((tx) => tx.getMeta('probe'))).toBeNull();
    await a.close();
    await b.close();
  });
});
