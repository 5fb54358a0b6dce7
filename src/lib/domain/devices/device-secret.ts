import 'server-only';
import { createHmac, hkdfSync } from 'node:crypto';
import { resolveAuthSecret } from '@/lib/auth/auth-secret';
import { getConfig } from '@/lib/config/env';

/*
 * The server's half of a device's key (issue #6 §5, src/lib/local/key-wrap.ts): the browser keeps its
 * database key wrapped by this secret, and asks for the secret to unlock while online. It is derived,
 * never stored: HMAC(key, user ‖ device) with a key drawn from AUTH_SECRET by HKDF, so a copy of the
 * database alone reveals no device secret, and revoking is a flag on the device's row.
 */

const INFO = 'openpractice device secret v1';

/** The 32-byte secret of one device of one user. */
export const deriveDeviceSecret = (authSecret: string, { userId, deviceId }: { userId: string; deviceId: string }): Buffer => {
  const key = Buffer.from(hkdfSync('sha256', authSecret, Buffer.alloc(0), INFO, 32));
  return createHmac('sha256', key).update(`${userId.toLowerCase()}:${deviceId.toLowerCase()}`).digest();
};

/** The installation's AUTH_SECRET (configured, or the generated one kept in the data directory). */
export const installationSecret = async (): Promise<string> => {
  const config = getConfig();
  return resolveAuthSecret({ authSecret: config.authSecret, dataDir: config.dataDir });
};
