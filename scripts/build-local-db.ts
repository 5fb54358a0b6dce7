// npx tsx scripts/build-local-db.ts – bundles the local database worker into public/local-db/.
import { copyFile, mkdir, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

/*
 * The browser's local database runs in a dedicated worker (issue #6 §1). The worker is bundled
 * here, outside Next.js, into static files that Next serves from public/ and that the browser
 * tests serve too: the same /local-db/db-worker.js and /local-db/*.wasm everywhere, with no
 * bundler-specific worker or wasm handling (docs/decisions/0011-browser-local-database.md).
 *
 * Output: db-worker.js (ES module worker), chunks/ (the wa-sqlite build each VFS needs, loaded on
 * demand), and the two wasm files beside it, where the worker's locateFile looks.
 */

const projectDir = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/** The worker entry and the wasm files its two wa-sqlite builds fetch. */
const WORKER_ENTRY = path.join(projectDir, 'src/lib/local/browser/db-worker.ts');
const WASM_FILES = ['mc-wa-sqlite.wasm', 'mc-wa-sqlite-async.wasm'];

export const DEFAULT_LOCAL_DB_OUT_DIR = path.join(projectDir, 'public/local-db');

/** esbuild settings shared by the worker and by pages that tests bundle the same way. */
export const browserBundleOptions = ({ minify }: { minify: boolean }): BuildOptions => ({
  bundle: true,
  format: 'esm',
  platform: 'browser',
  // Module workers and top-level await: every browser with OPFS sync access handles has both.
  target: 'es2022',
  tsconfig: path.join(projectDir, 'tsconfig.json'),
  minify,
  sourcemap: minify ? false : 'inline',
  legalComments: minify ? 'none' : 'inline',
  logLevel: 'warning',
});

export type LocalDbBuild = { outDir: string; files: { name: string; bytes: number }[] };

/** Bundles the worker into `outDir` (replacing what was there) and copies the wasm beside it. */
export const buildLocalDb = async ({ outDir = DEFAULT_LOCAL_DB_OUT_DIR, minify = true } = {}): Promise<LocalDbBuild> => {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    ...browserBundleOptions({ minify }),
    entryPoints: { 'db-worker': WORKER_ENTRY },
    outdir: outDir,
    // The sync build (OPFS) and the Asyncify build (IndexedDB) are dynamic imports: a worker loads one.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
  });
  const wasmDir = path.dirname(require.resolve('@journeyapps/wa-sqlite/dist/mc-wa-sqlite.wasm'));
  for (const file of WASM_FILES) {
    await copyFile(path.join(wasmDir, file), path.join(outDir, file));
  }
  const outputs = [...Object.keys(result.metafile.outputs), ...WASM_FILES.map((file) => path.join(outDir, file))];
  const files = await Promise.all(
    outputs.map(async (file) => {
      const absolute = path.resolve(projectDir, file);
      return { name: path.relative(outDir, absolute), bytes: (await stat(absolute)).size };
    }),
  );
  return { outDir, files: files.sort((a, b) => a.name.localeCompare(b.name)) };
};

const main = async () => {
  const minify = !process.argv.includes('--no-minify');
  const { outDir, files } = await buildLocalDb({ minify });
  console.log(`Local database worker → ${path.relative(projectDir, outDir)}/`);
  for (const file of files) {
    console.log(`  ${file.name.padEnd(44)} ${(file.bytes / 1024).toFixed(1).padStart(8)} kB`);
  }
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`✖ Building the local database worker failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
