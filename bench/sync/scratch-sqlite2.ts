import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import { generatePatient, seededRandom } from './generate-patients';

const N = Number(process.env.N ?? 100000);
const KEY = process.env.PLAIN ? undefined : 'b7'.repeat(32);
const random = seededRandom(1);
const rows = Array.from({ length: N }, (_, i) => ({ ...generatePatient(random, '0193a1b2-0000-7000-8000-000000000002'), mrn: String(i).padStart(6, '0'), version: i + 1 }));
const store = await openNodeSqliteStore(KEY ? { key: KEY } : {});
let t = performance.now(); let c = process.cpuUsage();
for (let p = 0; p < N; p += 10000) {
  for (let q = p; q < p + 10000; q += 1000) await store.transaction(async (tx) => { for (const row of rows.slice(q, q + 1000)) await tx.putRow('patients', row); });
  const cu = process.cpuUsage(c); console.log(`${KEY ? 'enc' : 'plain'} rows ${p}-${p + 10000}: ${(performance.now() - t).toFixed(0)} ms wall ${((cu.user + cu.system) / 1000).toFixed(0)} ms cpu`); t = performance.now(); c = process.cpuUsage();
}
