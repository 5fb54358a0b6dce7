// npm run docs:permissions [-- --check] – writes docs/permissions.md from the permission matrix;
// with --check, only compares and exits 1 when the file is out of date (for CI).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PERMISSIONS_DOC_PATH, renderPermissionsMarkdown } from '@/lib/auth/permissions-doc';

const main = async (): Promise<void> => {
  const file = path.resolve(import.meta.dirname, '..', PERMISSIONS_DOC_PATH);
  const expected = renderPermissionsMarkdown();
  const current = await readFile(file, 'utf8').catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      return null;
    }
    throw error;
  });
  if (process.argv.includes('--check')) {
    if (current !== expected) {
      console.error(
        `✖ ${PERMISSIONS_DOC_PATH} is ${current === null ? 'missing' : 'out of date'}: it does not match src/lib/auth/permissions.ts. Run npm run docs:permissions and commit the result.`,
      );
      process.exitCode = 1;
      return;
    }
    console.log(`${PERMISSIONS_DOC_PATH} is up to date.`);
    return;
  }
  if (current === expected) {
    console.log(`${PERMISSIONS_DOC_PATH} is already up to date.`);
    return;
  }
  await writeFile(file, expected);
  console.log(`Wrote ${PERMISSIONS_DOC_PATH}.`);
};

main().catch((error: unknown) => {
  console.error(`✖ Generating ${PERMISSIONS_DOC_PATH} failed:`, error);
  process.exitCode = 1;
});
