import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { computeBuildFingerprint, isBuildCurrent, stampBuild } from './build-fingerprint';

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');

/**
 * Writes public/sw.js for the build in `.next` (scripts/build-sw.ts). It runs after every
 * ensureBuild, also when the build was current: it takes a second, its output is the same for the
 * same build, and so a worker left from another build (or deleted by `npm run dev`) never survives.
 */
const buildServiceWorker = (projectDir: string): boolean =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(projectDir, 'scripts/build-sw.ts')], { stdio: 'inherit', cwd: projectDir })
    .status === 0;

/**
 * Runs `next build` unless `.next` already holds a build of exactly these sources (so `npm test`
 * and `npm start` share one build), then the service worker for it.
 * Returns false when the build failed (its output has been shown).
 */
export const ensureBuild = (projectDir: string, say: (line: string) => void): boolean => {
  if (isBuildCurrent(projectDir)) {
    say('Build is up to date.');
    return buildServiceWorker(projectDir);
  }
  say('Building the app (first start or sources changed; this takes a minute or two)…');
  const fingerprint = computeBuildFingerprint(projectDir);
  const result = spawnSync(process.execPath, [nextBin, 'build'], {
    stdio: 'inherit',
    cwd: projectDir,
    // Telemetry would try to reach the internet.
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    return false;
  }
  stampBuild(projectDir, fingerprint);
  return buildServiceWorker(projectDir);
};
