import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { computeBuildFingerprint, isBuildCurrent, stampBuild } from './build-fingerprint';

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');

/**
 * Runs `next build` into `distDir` unless a build of exactly these sources is already there.
 * Returns false when the build failed (its output has been shown).
 */
export const ensureBuild = (projectDir: string, distDir: string, say: (line: string) => void): boolean => {
  if (isBuildCurrent(projectDir, distDir)) {
    say('Build is up to date.');
    return true;
  }
  say('Building the app (first start or sources changed; this takes a minute or two)…');
  const fingerprint = computeBuildFingerprint(projectDir);
  const result = spawnSync(process.execPath, [nextBin, 'build'], {
    stdio: 'inherit',
    cwd: projectDir,
    env: { ...process.env, NODE_ENV: 'production', NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    return false;
  }
  stampBuild(projectDir, distDir, fingerprint);
  return true;
};
