import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, readMigrationJournal } from '@/lib/db/migrate';
import * as schema from '@/lib/db/schema';

type Snapshot = Parameters<typeof generateMigration>[0];

// A schema change without `npm run db:generate` would leave the committed migrations behind the
// code: the app would query columns that no database has. drizzle-kit diffs the latest committed
// snapshot against the schema modules exactly as `drizzle-kit generate` would.
describe('schema drift', () => {
  it('the Drizzle schema matches the committed migrations', async () => {
    const journal = await readMigrationJournal();
    const last = journal.at(-1);
    if (!last) {
      throw new Error('drizzle/meta/_journal.json has no migrations');
    }
    const snapshotFile = path.join(
      defaultMigrationsFolder(),
      'meta',
      `${String(last.idx).padStart(4, '0')}_snapshot.json`,
    );
    const committed = JSON.parse(await readFile(snapshotFile, 'utf8')) as Snapshot;
    const current = generateDrizzleJson(schema, committed.id);
    const statements = await generateMigration(committed, current);
    expect(
      statements,
      `The schema in src/lib/db/schema differs from the committed migrations; run npm run db:generate.\n${statements.join('\n')}`,
    ).toEqual([]);
  });
});
