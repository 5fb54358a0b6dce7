// npm run bench:sync – the sync engine's figures of DESIGN §8 (issue #5 §7), on PGlite, or on
// PostgreSQL when DATABASE_URL names a local server.
import os from 'node:os';
import { printFigure } from '../report';
import { bulkInsertPatients } from './generate-patients';
import { benchInitialSync } from './initial-sync';
import { benchLocalSearch } from './local-search';
import { benchPropagation } from './propagation-latency';
import { benchPush } from './push-throughput';
import { openBenchDatabase, seedPracticeWithStaff } from './server';

// BENCH_SYNC_ROWS shrinks the initial-sync practice for a quick look; the budget is stated for 100k.
const INITIAL_SYNC_ROWS = Number(process.env.BENCH_SYNC_ROWS ?? 100_000);
// Four full batches: enough for a steady rate, and the run stays within a few minutes on PGlite.
const PUSH_MUTATIONS = 2_000;
const PROPAGATION_WRITES = 200;
const SEARCH_ROWS = 10_000;

const main = async (): Promise<void> => {
  const { database, driver, dispose } = await openBenchDatabase();
  const [load1] = os.loadavg();
  console.log(
    `OpenPractice sync benchmarks on ${driver === 'pglite' ? 'PGlite (in memory)' : 'PostgreSQL (a scratch database, dropped after)'}: ` +
      `${os.cpus().length} cores, load average ${load1?.toFixed(1)} at start, Node ${process.version}. Figures, not pass/fail tests.\n`,
  );
  try {
    // 1 and 2: the large practice. Its nurse pulls it; its front desk pushes into it.
    const large = await seedPracticeWithStaff(database, ['nurse', 'front_desk']);
    const [nurse, frontDesk] = large.staff;
    if (!nurse || !frontDesk) {
      throw new Error('no staff');
    }
    const seeding = performance.now();
    await bulkInsertPatients(database, { practiceId: large.practice.id, userId: frontDesk.userId, count: INITIAL_SYNC_ROWS, seed: 1 });
    printFigure(
      `setup: ${INITIAL_SYNC_ROWS.toLocaleString('en-US')} patients and their change log written in bulk`,
      `${((performance.now() - seeding) / 1000).toFixed(1)} s`,
      null,
    );
    await benchInitialSync({ database, actor: nurse, rows: INITIAL_SYNC_ROWS, driver });
    await benchPush({ database, actor: frontDesk, practiceId: large.practice.id, count: PUSH_MUTATIONS, driver });

    // 3: a small practice with two devices.
    const small = await seedPracticeWithStaff(database, ['front_desk', 'nurse']);
    const [writer, reader] = small.staff;
    if (!writer || !reader) {
      throw new Error('no staff');
    }
    await bulkInsertPatients(database, { practiceId: small.practice.id, userId: writer.userId, count: 200, seed: 2 });
    await benchPropagation({ database, writer, reader, practiceId: small.practice.id, writes: PROPAGATION_WRITES, driver });

    // 4: a replica of a 10k-patient practice.
    const searched = await seedPracticeWithStaff(database, ['front_desk']);
    const [searcher] = searched.staff;
    if (!searcher) {
      throw new Error('no staff');
    }
    await bulkInsertPatients(database, { practiceId: searched.practice.id, userId: searcher.userId, count: SEARCH_ROWS, seed: 4 });
    await benchLocalSearch({ database, actor: searcher, rows: SEARCH_ROWS });
  } finally {
    await dispose();
  }
  const [loadEnd] = os.loadavg();
  const busy = (loadEnd ?? 0) > os.cpus().length ? ': above the core count, so the figures are pessimistic' : '';
  console.log(`\nload average ${loadEnd?.toFixed(1)} at the end (${os.cpus().length} cores)${busy}.`);
};

await main();
