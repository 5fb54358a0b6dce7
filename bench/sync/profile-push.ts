// npx tsx --conditions=react-server bench/sync/profile-push.ts – where a push's time goes, statement
// by statement (PGlite; PostgreSQL with DATABASE_URL). A diagnostic beside `npm run bench:sync`.
import { uuidv7 } from 'uuidv7';
import type { Logger } from 'drizzle-orm';
import { MAX_MUTATIONS_PER_PUSH } from '@/lib/sync/protocol/push';
import { buildMutations, pushBatch } from './push-throughput';
import { bulkInsertPatients } from './generate-patients';
import { openBenchDatabase, seedPracticeWithStaff } from './server';
import { cpuMs } from './timing';

const MUTATIONS = Number(process.env.BENCH_PROFILE_MUTATIONS ?? 1_000);

/** A statement's shape without its values: savepoint names and literals vary per call. */
const shape = (query: string): string =>
  query
    .replace(/\s+/g, ' ')
    .replace(/"?sp\d+"?/g, 'spN')
    .replace(/\$\d+/g, '?')
    .replace(/\((\?, )+\?\)/g, '(…)')
    .trim()
    .slice(0, 110);

/**
 * Drizzle calls its logger just before each statement runs. Statements of one push run one after
 * another, so the time from one statement's start to the next one's is that statement plus the
 * JavaScript that prepared the next; it is booked to the statement. Time after the last statement
 * (commit, answer) is booked to "(after the last statement)".
 */
const createStatementClock = () => {
  const totals = new Map<string, { ms: number; count: number }>();
  let current: { key: string; at: number } | null = null;
  const book = (until: number) => {
    if (current) {
      const entry = totals.get(current.key) ?? { ms: 0, count: 0 };
      entry.ms += until - current.at;
      entry.count += 1;
      totals.set(current.key, entry);
    }
  };
  const logger: Logger = {
    logQuery: (query) => {
      const now = performance.now();
      book(now);
      current = { key: shape(query), at: now };
    },
  };
  return {
    logger,
    end: () => {
      book(performance.now());
      current = null;
    },
    begin: (label: string) => {
      current = { key: label, at: performance.now() };
    },
    totals,
  };
};

const main = async () => {
  const { database, driver, dispose } = await openBenchDatabase();
  try {
    const { practice, staff } = await seedPracticeWithStaff(database, ['front_desk']);
    const [actor] = staff;
    if (!actor) {
      throw new Error('no staff');
    }
    await bulkInsertPatients(database, { practiceId: practice.id, userId: actor.userId, count: 20_000, seed: 1 });
    await pushBatch(database, actor, uuidv7(), await buildMutations(database, practice.id, 150, 99));
    const mutations = await buildMutations(database, practice.id, MUTATIONS, 7);
    const clock = createStatementClock();
    // The session's options are handed to every transaction's session: the logger reaches them all.
    const session = (database.db as unknown as { session: { options: { logger?: Logger }; logger: Logger } }).session;
    session.options.logger = clock.logger;
    session.logger = clock.logger;
    const clientId = uuidv7();
    const cpu = cpuMs();
    const started = performance.now();
    for (let offset = 0; offset < mutations.length; offset += MAX_MUTATIONS_PER_PUSH) {
      clock.begin('(before the first statement: JSON, Zod)');
      await pushBatch(database, actor, clientId, mutations.slice(offset, offset + MAX_MUTATIONS_PER_PUSH));
      clock.end();
    }
    const ms = performance.now() - started;
    console.log(
      `${driver}: ${MUTATIONS} mutations in ${(ms / 1000).toFixed(2)} s = ${(MUTATIONS / (ms / 1000)).toFixed(0)}/s ` +
        `(CPU of this process ${(cpu() / 1000).toFixed(2)} s); per statement shape, most expensive first:`,
    );
    const rows = [...clock.totals].sort((a, b) => b[1].ms - a[1].ms);
    for (const [key, { ms: spent, count }] of rows.slice(0, 25)) {
      console.log(
        `${((spent / ms) * 100).toFixed(1).padStart(5)}%  ${spent.toFixed(0).padStart(6)} ms  ×${String(count).padStart(5)}  ${(spent / count).toFixed(3).padStart(8)} ms each  ${key}`,
      );
    }
  } finally {
    await dispose();
  }
};

await main();
