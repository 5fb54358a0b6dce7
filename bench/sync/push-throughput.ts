import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { queryRows, type Database } from '@/lib/db/client';
import { unsafeSystemTx } from '@/lib/db/tx';
import { MAX_MUTATIONS_PER_PUSH, ZPushRequest, ZPushResponse, type TMutationEnvelope } from '@/lib/sync/protocol/push';
import { SYNC_PROTOCOL_VERSION } from '@/lib/sync/protocol/version';
import { processPush, type SyncActor } from '@/lib/sync/server/push';
import { printFigure } from '../report';
import { generatePatient, seededRandom } from './generate-patients';
import { cpuMs, formatCpu } from './timing';

const REQUEST = { requestId: 'bench-sync', ipAddress: '127.0.0.1', userAgent: 'bench' };
const CITIES = ['Oak Park', 'Evanston', 'Naperville', 'Joliet', 'Aurora', 'Peoria'];

/**
 * A device's worth of mutations: two creates for every update, the updates field-level edits of
 * existing patients (city and mobile phone, with the base values the device saw), as a front desk
 * registering and correcting patients would make them. Envelopes as the replicator sends them.
 */
export const buildMutations = async (database: Database, practiceId: string, count: number, seed: number): Promise<TMutationEnvelope[]> => {
  const random = seededRandom(seed);
  const updates = Math.floor(count / 3);
  const existing = await unsafeSystemTx(database, async (tx) => {
    await tx.execute(sql`select set_config('app.practice_ids', ${practiceId}, true)`);
    return queryRows<{ id: string; city: string | null; phone_mobile: string | null; version: number | string }>(
      tx,
      sql`select id, city, phone_mobile, version from patients where practice_id = ${practiceId} order by md5(id::text) limit ${updates}`,
    );
  });
  const createdAt = new Date().toISOString();
  const mutations: TMutationEnvelope[] = [];
  let nextUpdate = 0;
  for (let id = 1; id <= count; id += 1) {
    const target = id % 3 === 0 ? existing[nextUpdate++] : undefined;
    if (target) {
      const city = CITIES[Math.floor(random() * CITIES.length)] ?? 'Aurora';
      const phone = `+1773555${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;
      mutations.push({
        id,
        name: 'patients.update',
        args: {
          practiceId,
          patientId: target.id,
          changes: { city, phoneMobile: phone },
          base: { city: target.city, phoneMobile: target.phone_mobile },
        },
        baseVersions: { [target.id]: Number(target.version) },
        createdAt,
      });
    } else {
      mutations.push({ id, name: 'patients.create', args: generatePatient(random, practiceId), baseVersions: {}, createdAt });
    }
  }
  return mutations;
};

/** One push as the route handles it: JSON in, Zod, processPush, JSON out. Every result must be `applied`. */
export const pushBatch = async (database: Database, actor: SyncActor, clientId: string, mutations: TMutationEnvelope[]) => {
  const body = JSON.stringify({ protocolVersion: SYNC_PROTOCOL_VERSION, clientId, mutations });
  const push = ZPushRequest.parse(JSON.parse(body));
  const answer = ZPushResponse.parse(JSON.parse(JSON.stringify(await processPush({ database, actor, push, request: REQUEST }))));
  const refused = answer.results.filter((result) => result.status !== 'applied');
  if (refused.length > 0 || answer.results.length !== mutations.length) {
    throw new Error(`push: ${refused.length} of ${mutations.length} not applied (${JSON.stringify(refused[0] ?? null)})`);
  }
};

/**
 * DESIGN §8: validated mutations applied by one server process — `count` mutations of one device
 * pushed in batches of the protocol's maximum, one after another, into the practice of the initial
 * sync (a table of 100k patients, so indexes are the size a real practice has). Each batch is one
 * transaction executed set-based (decision 0012): per run of a mutation kind, one statement per
 * kind of write — rows, change log, hash-chained audit entries (src/lib/sync/server/push.ts).
 */
export const benchPush = async ({
  database,
  actor,
  practiceId,
  count,
  driver,
}: {
  database: Database;
  actor: SyncActor;
  practiceId: string;
  count: number;
  driver: 'pglite' | 'postgres';
}) => {
  // Warm-up on another device: compiled code paths and cached query plans, as a running server has.
  const warm = await buildMutations(database, practiceId, 150, 99);
  await pushBatch(database, actor, uuidv7(), warm);

  const mutations = await buildMutations(database, practiceId, count, 7);
  const clientId = uuidv7();
  const cpu = cpuMs();
  const started = performance.now();
  for (let offset = 0; offset < mutations.length; offset += MAX_MUTATIONS_PER_PUSH) {
    await pushBatch(database, actor, clientId, mutations.slice(offset, offset + MAX_MUTATIONS_PER_PUSH));
  }
  const ms = performance.now() - started;
  const cpuUsed = cpu();
  const rate = count / (ms / 1000);
  const budget = driver === 'pglite' ? 5_000 : 10_000;
  printFigure(
    `push: ${count.toLocaleString('en-US')} mutations (2 patients.create : 1 patients.update), batches of ${MAX_MUTATIONS_PER_PUSH}, one device (${driver})`,
    `${rate.toFixed(0)} mutations/s (${(ms / 1000).toFixed(2)} s; ${formatCpu(cpuUsed, ms)})`,
    { text: `≥ ${budget / 1000}k/s on ${driver === 'pglite' ? 'PGlite' : 'PostgreSQL'}`, met: rate >= budget },
  );
  return { rate, ms };
};
