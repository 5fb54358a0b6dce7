import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { computeBuildFingerprint, isBuildCurrent, stampBuild } from './build-fingerprint';

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');

/**
 * Runs `next build` unless `.next` already holds a build of exactly these sources (so `npm test`
 * and `npm start` share one build).
 * Returns false when the build failed (its output has been shown).
 */
export const ensureBuild = (projectDir: string, say: (line: string) => void): boolean => {
  if (isBuildCurrent(projectDir)) {
    say('Build is up to date.');
    return true;
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
  return true;
};
