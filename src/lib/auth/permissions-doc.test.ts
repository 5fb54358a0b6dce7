import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from './permissions';
import { PERMISSIONS_DOC_PATH, renderPermissionsMarkdown } from './permissions-doc';

describe('docs/permissions.md', () => {
  it('is what the renderer produces from the matrix', async () => {
    const committed = await readFile(path.resolve(import.meta.dirname, '../../..', PERMISSIONS_DOC_PATH), 'utf8').catch(
      () => '(missing)',
    );
    expect(committed, 'docs/permissions.md is out of date: run npm run docs:permissions').toBe(
      renderPermissionsMarkdown(),
    );
  });

  it('has one table row per permission with a column per role', () => {
    const rows = renderPermissionsMarkdown()
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    expect(rows).toHaveLength(PERMISSIONS.length);
    // Permission, description, seven roles: 9 cells → 10 pipes.
    for (const row of rows) {
      expect(row.split(' | ')).toHaveLength(9);
    }
    expect(rows[0]).toMatch(/^\| `practice\.read` \| .* \| ✓ \| ✓ \| ✓ \| ✓ \| ✓ \| ✓ \| ✓ \|$/);
  });
});
