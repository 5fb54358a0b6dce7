import { sql } from 'drizzle-orm';
import { withActor } from '@/lib/db/tx';
import { seedPractice } from '../tests/factories/practices';
import { createTestDatabase, type TestDriver } from '../tests/integration/helpers/test-database';
import { printFigure } from './report';

const TRANSACTIONS = 2000;
const CONCURRENCY = 8;

/**
 * Scoped write transactions per second: each one switches to the app role, sets the actor, and
 * allocates a version from the practice counter (DESIGN §5 invariant 1) — the fixed cost every
 * synced write pays. Spread over four practices, so concurrency is real on PostgreSQL (PGlite
 * runs one transaction at a time).
 */
const benchDriver = async (driver: TestDriver): Promise<void> => {
  process.env.TEST_DB_DRIVER = driver;
  const { database, dispose } = await createTestDatabase();
  try {
    const practices = await Promise.all([1, 2, 3, 4].map(() => seedPractice(database)));
    const allocate = (i: number) => {
      const practice = practices[i % practices.length];
      if (!practice) {
        throw new Error('no practice');
      }
      return withActor(database, { userId: null, practiceIds: [practice.id] }, (tx) =>
        tx.execute(sql`update practices set change_seq = change_seq + 1 where id = ${practice.id} returning change_seq`),
      );
    };
    for (let i = 0; i < 100; i += 1) {
      await allocate(i); // warm-up
    }
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < TRANSACTIONS) {
          next += 1;
          await allocate(next);
        }
      }),
    );
    const perSecond = TRANSACTIONS / ((performance.now() - started) / 1000);
    printFigure(
      `scoped write transactions with version allocation (${driver}, ${CONCURRENCY} concurrent)`,
      `${perSecond.toFixed(0)} transactions/s`,
      null,
    );
  } finally {
    await dispose();
  }
};

export const benchTransactions = async (): Promise<void> => {
  await benchDriver('pglite');
  if (process.env.TEST_DATABASE_URL) {
    await benchDriver('postgres');
  } else {
    console.log('• PostgreSQL figures skipped: set TEST_DATABASE_URL to a local server to include them');
  }
};
