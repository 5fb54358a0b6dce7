import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { changeLog } from '@/lib/db/schema/sync';
import { patients } from '@/lib/db/schema/patients';
import { withActor } from '@/lib/db/tx';
import { queryRows } from '@/lib/db/client';
import { bulkInsertPatients } from './generate-patients';
import { openBenchDatabase, seedPracticeWithStaff } from './server';

const ROWS = Number(process.env.ROWS ?? 20000);
const { database, dispose } = await openBenchDatabase();
const big = await seedPracticeWithStaff(database, ['nurse']);
const actor = big.staff[0]!;
const practiceId = big.practice.id;
await bulkInsertPatients(database, { practiceId, userId: actor.userId, count: ROWS, seed: 1 });
const scope = { userId: actor.userId, practiceIds: [practiceId] };
let t = performance.now(); let c = process.cpuUsage();
const lap = (what: string) => { const cu = process.cpuUsage(c); console.log(what.padEnd(50), (performance.now() - t).toFixed(0).padStart(6), 'ms wall', ((cu.user + cu.system) / 1000).toFixed(0).padStart(6), 'ms cpu'); t = performance.now(); c = process.cpuUsage(); };
const plan = await withActor(database, scope, (tx) => queryRows<Record<string, unknown>>(tx, sql`explain analyze select table_name, row_id, version, op from change_log where practice_id = ${practiceId} and version > 5000 and table_name in ('patients','conflicts') order by version, table_name, row_id limit 1001`));
console.log(plan.map((r) => Object.values(r)[0]).join('\n'));
const pages = Math.ceil(ROWS / 1000);
lap('start');
const idPages: string[][] = [];
for (let p = 0; p < pages; p++) {
  const rows = await withActor(database, scope, (tx) => tx.select({ tableName: changeLog.tableName, rowId: changeLog.rowId, version: changeLog.version, op: changeLog.op }).from(changeLog)
    .where(and(eq(changeLog.practiceId, practiceId), gt(changeLog.version, p * 1000), inArray(changeLog.tableName, ['patients', 'conflicts'])))
    .orderBy(asc(changeLog.version), asc(changeLog.tableName), asc(changeLog.rowId)).limit(1001));
  idPages.push(rows.map((r) => r.rowId));
}
lap(`readPage x${pages} (change_log, drizzle)`);
for (const ids of idPages) {
  await withActor(database, scope, (tx) => tx.select().from(patients).where(and(eq(patients.practiceId, practiceId), inArray(patients.id, ids))));
}
lap(`materialize x${pages} (drizzle select *)`);
for (const ids of idPages) {
  await withActor(database, scope, (tx) => queryRows(tx, sql`select * from patients where practice_id = ${practiceId} and id = any(${'{' + ids.join(',') + '}'}::uuid[])`));
}
lap(`raw select * any(array)`);
for (const ids of idPages) {
  await withActor(database, scope, (tx) => queryRows(tx, sql`select row_to_json(p)::text as j from patients p where practice_id = ${practiceId} and id = any(${'{' + ids.join(',') + '}'}::uuid[])`));
}
lap(`raw row_to_json text`);
for (const ids of idPages) {
  await withActor(database, scope, async () => undefined);
}
lap(`empty withActor x${pages}`);
await dispose();
