import 'server-only';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Name of the generated key file inside the data directory. */
export const AUTH_SECRET_FILE = 'auth-secret';

const MIN_LENGTH = 32;

/**
 * The key better-auth signs cookies and encrypts TOTP secrets with: `AUTH_SECRET` when configured,
 * otherwise a random key generated once and kept in `${dataDir}/auth-secret` (mode 0600, like the
 * embedded database beside it), so the embedded default needs no setup and survives restarts.
 * `loadConfig` already refuses production on PostgreSQL without `AUTH_SECRET`.
 */
export const resolveAuthSecret = async ({
  authSecret,
  dataDir,
}: {
  authSecret: string | undefined;
  dataDir: string;
}): Promise<string> => {
  if (authSecret !== undefined) {
    return authSecret;
  }
  const file = path.join(dataDir, AUTH_SECRET_FILE);
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= MIN_LENGTH) {
      return stored;
    }
    throw new Error(`${file} holds fewer than ${MIN_LENGTH} characters; delete it or set AUTH_SECRET`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  try {
    // `wx`: never overwrite a key another process wrote meanwhile (it would void its cookies).
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return (await readFile(file, 'utf8')).trim();
    }
    throw error;
  }
  // The umask may have widened the mode given to writeFile.
  await chmod(file, 0o600);
  return secret;
};
