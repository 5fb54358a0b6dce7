// npm run bench:sync – the sync engine's figures of DESIGN §8 (issue #5 §7), on PGlite, or on
// PostgreSQL when DATABASE_URL names a local server.
import os from 'node:os';
import { printFigure } from '../report';
import { bulkInsertPatients } from './generate-patients';
import { benchInitialSync } from './initial-sync';
import { openBenchDatabase, seedPracticeWithStaff } from './server';

// BENCH_SYNC_ROWS shrinks the practice for a quick look; the budget is stated for 100k.
const INITIAL_SYNC_ROWS = Number(process.env.BENCH_SYNC_ROWS ?? 100_000);

const main = async (): Promise<void> => {
  const { database, driver, dispose } = await openBenchDatabase();
  console.log(
    `OpenPractice sync benchmarks on ${driver === 'pglite' ? 'PGlite (in memory)' : 'PostgreSQL (scratch database)'}, ` +
      `${os.cpus().length} cores, Node ${process.version} (figures, not pass/fail tests)\n`,
  );
  try {
    const big = await seedPracticeWithStaff(database, ['nurse', 'front_desk']);
    const [reader] = big.staff;
    if (!reader) {
      throw new Error('no staff');
    }
    const seeding = performance.now();
    await bulkInsertPatients(database, { practiceId: big.practice.id, userId: reader.userId, count: INITIAL_SYNC_ROWS, seed: 1 });
    printFigure(
      `setup: ${INITIAL_SYNC_ROWS.toLocaleString('en-US')} patients + change log written in bulk`,
      `${((performance.now() - seeding) / 1000).toFixed(1)} s`,
      null,
    );
    await benchInitialSync({ database, actor: reader, rows: INITIAL_SYNC_ROWS, driver });
  } finally {
    await dispose();
  }
};

await main();
