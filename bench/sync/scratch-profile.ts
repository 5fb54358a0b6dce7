import { processPull } from '@/lib/sync/server/pull';
import { ZPullRequest, ZPullResponse } from '@/lib/sync/protocol/pull';
import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import { bulkInsertPatients } from './generate-patients';
import { openBenchDatabase, seedPracticeWithStaff } from './server';

const ROWS = Number(process.env.ROWS ?? 20000);
const LIMIT = Number(process.env.LIMIT ?? 1000);
const { database, dispose } = await openBenchDatabase();
const big = await seedPracticeWithStaff(database, ['nurse']);
const actor = big.staff[0]!;
await bulkInsertPatients(database, { practiceId: big.practice.id, userId: actor.userId, count: ROWS, seed: 1 });
const clientId = '0193a1b2-0000-7000-8000-000000000001';
let cursors: Record<string, number> = {};
const pages: unknown[] = [];
let t = performance.now(); let c = process.cpuUsage();
for (;;) {
  const a = await processPull({ database, actor, pull: { protocolVersion: 1, clientId, cursors, limit: LIMIT } });
  pages.push(a); cursors = a.cursors; if (!a.hasMore) break;
}
const lap = (what: string) => { const cu = process.cpuUsage(c); console.log(what, (performance.now() - t).toFixed(0), 'ms wall', ((cu.user + cu.system) / 1000).toFixed(0), 'ms cpu'); t = performance.now(); c = process.cpuUsage(); };
lap('processPull x' + pages.length);
const wired = pages.map((p) => JSON.stringify(p));
lap('stringify');
const parsed = wired.map((w) => ZPullResponse.parse(JSON.parse(w)));
lap('parse+zod');
ZPullRequest.parse({ protocolVersion: 1, clientId, cursors: {}, limit: 5 });
const store = await openNodeSqliteStore({ key: 'b7'.repeat(32) });
for (const p of parsed) {
  await store.transaction(async (tx) => { for (const ch of p.changes) if (ch.op === 'put') await tx.putRow(ch.table, { ...ch.row, id: String(ch.row.id) }); });
}
lap('sqlite apply (encrypted, 4 expr indexes)');
const plain = await openNodeSqliteStore({});
for (const p of parsed) {
  await plain.transaction(async (tx) => { for (const ch of p.changes) if (ch.op === 'put') await tx.putRow(ch.table, { ...ch.row, id: String(ch.row.id) }); });
}
lap('sqlite apply (plain)');
await dispose();
