import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import { generatePatient, seededRandom } from './generate-patients';

const N = Number(process.env.N ?? 20000);
const random = seededRandom(1);
const rows = Array.from({ length: N }, (_, i) => ({ ...generatePatient(random, '0193a1b2-0000-7000-8000-000000000002'), mrn: String(i).padStart(6, '0'), version: i + 1, archivedAt: null, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(), createdBy: '0193a1b2-0000-7000-8000-000000000003', updatedBy: '0193a1b2-0000-7000-8000-000000000003', deletedAt: null }));
let t = performance.now(); let c = process.cpuUsage();
const lap = (what: string) => { const cu = process.cpuUsage(c); const cpu = (cu.user + cu.system) / 1000; console.log(what.padEnd(60), (performance.now() - t).toFixed(0).padStart(6), 'ms wall', cpu.toFixed(0).padStart(6), 'ms cpu', (N / cpu * 1000).toFixed(0).padStart(8), 'rows/cpu-s'); t = performance.now(); c = process.cpuUsage(); };
for (const [label, key, dropIdx] of [['encrypted, schema as is', 'b7'.repeat(32), false], ['encrypted, cache_size 64 MB', 'b7'.repeat(32), 'cache'], ['encrypted, indexes built after load', 'b7'.repeat(32), 'after']] as const) {
  const store = await openNodeSqliteStore(key ? { key } : {});
  if (dropIdx === 'cache') await store.connection.exec('pragma cache_size = -65536');
  if (dropIdx === 'after') await store.connection.exec('drop index patients_family_name; drop index patients_given_name; drop index patients_date_of_birth; drop index patients_mrn;');
  lap('open');
  for (let p = 0; p < N; p += 1000) {
    await store.transaction(async (tx) => { for (const row of rows.slice(p, p + 1000)) await tx.putRow('patients', row); });
  }
  if (dropIdx === 'after') await store.connection.exec(`create index patients_family_name on patients (practice_id, lower(json_extract(data, '$.familyName')));
  create index patients_given_name on patients (practice_id, lower(json_extract(data, '$.givenName')));
  create index patients_date_of_birth on patients (practice_id, json_extract(data, '$.dateOfBirth'));
  create index patients_mrn on patients (practice_id, json_extract(data, '$.mrn'));`);
  lap(label + ' (putRow, 1000/tx)');
  await store.close();
}
const store = await openNodeSqliteStore({ key: 'b7'.repeat(32) });
const data = rows.map((r) => JSON.stringify(r));
lap('stringify only');
await store.connection.exec('begin');
for (let i = 0; i < N; i++) await store.connection.run('insert into patients (id, practice_id, version, data) values (?, ?, ?, ?)', [rows[i]!.id, rows[i]!.practiceId, i, data[i]!]);
await store.connection.exec('commit');
lap('encrypted, plain insert, one tx, pre-stringified');
