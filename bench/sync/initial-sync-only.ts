// npx tsx --conditions=react-server bench/sync/initial-sync-only.ts – only the initial-sync figure
// of `npm run bench:sync` (DESIGN §8), for working on the pull path without waiting for the push and
// latency figures. Same setup, same measurement; BENCH_SYNC_ROWS and DATABASE_URL as there.
import os from 'node:os';
import { printFigure } from '../report';
import { bulkInsertPatients } from './generate-patients';
import { benchInitialSync } from './initial-sync';
import { openBenchDatabase, seedPracticeWithStaff } from './server';

const ROWS = Number(process.env.BENCH_SYNC_ROWS ?? 100_000);
// More than one run shows how much of a figure is the shared machine.
const RUNS = Number(process.env.BENCH_SYNC_RUNS ?? 1);

const main = async (): Promise<void> => {
  const { database, driver, dispose } = await openBenchDatabase();
  console.log(`initial sync only, ${driver}: ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)} at start, Node ${process.version}\n`);
  try {
    const practice = await seedPracticeWithStaff(database, ['nurse', 'front_desk']);
    const [nurse, frontDesk] = practice.staff;
    if (!nurse || !frontDesk) {
      throw new Error('no staff');
    }
    const seeding = performance.now();
    await bulkInsertPatients(database, { practiceId: practice.practice.id, userId: frontDesk.userId, count: ROWS, seed: 1 });
    printFigure(`setup: ${ROWS.toLocaleString('en-US')} patients written in bulk`, `${((performance.now() - seeding) / 1000).toFixed(1)} s`, null);
    for (let run = 0; run < RUNS; run += 1) {
      await benchInitialSync({ database, actor: nurse, rows: ROWS, driver });
    }
  } finally {
    await dispose();
  }
  console.log(`\nload average ${os.loadavg()[0]?.toFixed(1)} at the end.`);
};

await main();
