import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm start` must "build what is needed": after a `git pull` a stale `.next` would serve old
 * code, and rebuilding on every start wastes a minute. We hash the inputs of `next build` and
 * keep the hash beside the build; a start rebuilds only when it differs.
 */

const INPUTS = [
  'src',
  'public',
  'next.config.ts',
  'postcss.config.mjs',
  'tsconfig.json',
  'package-lock.json',
];
const STAMP = 'openpractice-build-fingerprint';
/** Written after `next build` from its output (scripts/build-sw.ts): an output, not an input. */
const GENERATED = new Set(['public/sw.js']);

const listFiles = (root: string): string[] => {
  if (!existsSync(root)) {
    return [];
  }
  if (statSync(root).isFile()) {
    return [root];
  }
  return readdirSync(root, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(root, entry.name);
      if (entry.isDirectory()) {
        return listFiles(full);
      }
      // Unit tests sit beside the code but are not part of the build.
      return /\.test\.tsx?$/.test(entry.name) ? [] : [full];
    })
    .sort();
};

/** Hash of every file that `next build` reads from the project (paths and contents). */
export const computeBuildFingerprint = (projectDir: string): string => {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of listFiles(path.join(projectDir, input))) {
      if (GENERATED.has(path.relative(projectDir, file).split(path.sep).join('/'))) {
        continue;
      }
      hash.update(path.relative(projectDir, file));
      hash.update('\0');
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
};

/** Next.js's build directory. */
export const DIST_DIR = '.next';

/** True when `.next` holds a finished build made from exactly these sources. */
export const isBuildCurrent = (projectDir: string): boolean => {
  const stamp = path.join(projectDir, DIST_DIR, STAMP);
  if (!existsSync(path.join(projectDir, DIST_DIR, 'BUILD_ID')) || !existsSync(stamp)) {
    return false;
  }
  return readFileSync(stamp, 'utf8').trim() === computeBuildFingerprint(projectDir);
};

/** Records that the build in `.next` was made from the current sources. */
export const stampBuild = (projectDir: string, fingerprint: string): void => {
  writeFileSync(path.join(projectDir, DIST_DIR, STAMP), `${fingerprint}\n`);
};
