// npx tsx scripts/build-sw.ts – bundles the service worker into public/sw.js (after `next build`).
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getManifest, type ManifestEntry } from '@serwist/build';
import { build } from 'esbuild';
import { browserBundleOptions } from './build-local-db';

/*
 * The service worker (src/sw/service-worker.ts, decision 0013) is bundled here with esbuild, like
 * the device database worker, not by a Next.js plugin: @serwist/next is a webpack plugin and Next 16
 * builds with Turbopack. It runs after `next build` because its precache list names the build's
 * files: everything in `.next/static` (served at /_next/static/…), the device database worker and
 * its wasm (public/local-db), the icons, the offline page and the web app manifest.
 *
 * public/sw.js is generated and git-ignored. It changes whenever the build does (its precache list
 * and version name the build), which is what makes browsers see an update.
 */

const projectDir = path.resolve(import.meta.dirname, '..');

export const SW_ENTRY = path.join(projectDir, 'src/sw/service-worker.ts');
export const SW_OUT_FILE = path.join(projectDir, 'public/sw.js');

/** Files of public/ that belong to the app shell (the service worker itself never does). */
export const PUBLIC_PRECACHE_PATTERNS = ['local-db/**/*', 'icons/*.png', 'offline.html'];

/** The device database's wasm is over 1 MB; Serwist's default limit (2 MB) would skip a larger one silently. */
const MAX_PRECACHE_FILE_BYTES = 16 * 1024 * 1024;

/** The web app manifest (src/app/manifest.ts) is a route, not a file: it is revised with each build. */
export const MANIFEST_URL = '/manifest.webmanifest';

type GlobEntry = { url: string; revision?: string | null };

/**
 * Maps the glob results to precache entries. Files under `.next/static` carry their version in
 * their URL (content hashes, or the build id's folder), so they need no revision; public files keep
 * the content hash Serwist computed; the manifest gets the build id.
 */
export const toPrecacheEntries = ({
  staticFiles,
  publicFiles,
  buildId,
}: {
  staticFiles: readonly GlobEntry[];
  publicFiles: readonly GlobEntry[];
  buildId: string;
}): ManifestEntry[] => [
  ...staticFiles.map((entry) => ({ url: `/_next/static/${entry.url.replace(/^\/+/, '')}`, revision: null })),
  ...publicFiles.map((entry) => ({ url: `/${entry.url.replace(/^\/+/, '')}`, revision: entry.revision ?? buildId })),
  { url: MANIFEST_URL, revision: buildId },
];

export type ServiceWorkerBuild = { outFile: string; entries: number; precacheBytes: number; bytes: number; version: string };

/** Writes public/sw.js for the build in `.next` (replacing any older one); fails without a build. */
export const buildServiceWorker = async ({ outFile = SW_OUT_FILE, distDir = path.join(projectDir, '.next') } = {}): Promise<ServiceWorkerBuild> => {
  // A worker of an older build must never be served with this one, even if this run fails.
  await rm(outFile, { force: true });
  const buildId = (await readFile(path.join(distDir, 'BUILD_ID'), 'utf8')).trim();
  const common = { maximumFileSizeToCacheInBytes: MAX_PRECACHE_FILE_BYTES, globIgnores: ['**/*.map'] };
  const statics = await getManifest({ ...common, globDirectory: path.join(distDir, 'static'), globPatterns: ['**/*'] });
  const publics = await getManifest({ ...common, globDirectory: path.join(projectDir, 'public'), globPatterns: PUBLIC_PRECACHE_PATTERNS });
  for (const warning of [...statics.warnings, ...publics.warnings]) {
    console.warn(`  ! ${warning}`);
  }
  const entries = toPrecacheEntries({ staticFiles: statics.manifestEntries ?? [], publicFiles: publics.manifestEntries ?? [], buildId });
  await build({
    ...browserBundleOptions({ minify: true }),
    entryPoints: [SW_ENTRY],
    outfile: outFile,
    // A classic script: module service workers are newer than some browsers the clinic may run.
    format: 'iife',
    target: 'es2020',
    define: {
      'self.__SW_MANIFEST': JSON.stringify(entries),
      __SW_VERSION__: JSON.stringify(buildId),
      'process.env.NODE_ENV': '"production"',
    },
  });
  return { outFile, entries: entries.length, precacheBytes: statics.size + publics.size, bytes: (await stat(outFile)).size, version: buildId };
};

const main = async () => {
  const result = await buildServiceWorker();
  console.log(
    `Service worker → ${path.relative(projectDir, result.outFile)} (${(result.bytes / 1024).toFixed(1)} kB; build ${result.version}; ` +
      `precaches ${result.entries} files, ${(result.precacheBytes / 1024 / 1024).toFixed(1)} MB)`,
  );
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`✖ Building the service worker failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
