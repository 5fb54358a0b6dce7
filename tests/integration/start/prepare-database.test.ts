import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config/env';
import { createDatabase } from '@/lib/db/client';
import { practices } from '@/lib/db/schema/practices';
import { unsafeSystemTx } from '@/lib/db/tx';
import { prepareDatabase } from '../../../scripts/lib/prepare-database';
import { testDriver } from '../helpers/test-database';

// What `npm start` does to the embedded database, twice over the same ./data directory: the
// first start migrates and loads the demo data, the second keeps everything as it was.
// PGlite on disk only: the PostgreSQL run of the suite would repeat the same test.
describe.skipIf(testDriver() === 'postgres')('prepareDatabase (the start script on the embedded database)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'openpractice-start-'));
  const config = loadConfig({ DATA_DIR: dataDir });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const countPractices = async () => {
    const database = await createDatabase({ pgliteDir: config.pgliteDir });
    try {
      return await unsafeSystemTx(database, async (tx) => (await tx.select().from(practices)).map((p) => p.slug).sort());
    } finally {
      await database.close();
    }
  };

  it('migrates and seeds on the first start, and keeps the data on the second', async () => {
    const firstLines: string[] = [];
    const first = await prepareDatabase(config, (line) => firstLines.push(line));
    expect(firstLines.join('\n')).toMatch(/Applied \d+ migration/);
    expect(firstLines.join('\n')).toContain('Loaded the demo data');
    expect(first.practices.map((p) => p.slug).sort()).toEqual(await countPractices());

    const secondLines: string[] = [];
    await prepareDatabase(config, (line) => secondLines.push(line));
    expect(secondLines.join('\n')).toContain('Database is up to date');
    expect(secondLines.join('\n')).toContain('kept as it is');
    expect(await countPractices()).toEqual(first.practices.map((p) => p.slug).sort());
    // The whole demo load runs here: three months of appointments through the executors (~30 s on PGlite).
  }, 240_000);

  it('loads no demo data when DEMO_DATA is off', async () => {
    const emptyDir = mkdtempSync(path.join(os.tmpdir(), 'openpractice-start-empty-'));
    try {
      const emptyConfig = loadConfig({ DATA_DIR: emptyDir, DEMO_DATA: 'false' });
      const prepared = await prepareDatabase(emptyConfig, () => undefined);
      expect(prepared.practices).toEqual([]);
      const database = await createDatabase({ pgliteDir: emptyConfig.pgliteDir });
      try {
        expect(await unsafeSystemTx(database, (tx) => tx.select().from(practices))).toEqual([]);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });
});
