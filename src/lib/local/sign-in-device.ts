import { browserDeviceLabel, browserKeyring } from './browser-keyring';
import { wipeLocalDatabase } from './browser/local-database';
import { DeviceRevokedError } from './device-keyring';

/*
 * After a password sign-in (issue #6 §5): wrap this browser's database key with the password just
 * typed, so the app can be unlocked offline with it — creating the device if there is none. A
 * device the server revoked is wiped and a new one created. Best-effort by design: the caller never
 * waits on it, and a failure only means no offline unlock until the next sign-in.
 */
export const wrapDeviceKeyAfterSignIn = async ({ userId, password }: { userId: string; password: string }): Promise<void> => {
  const keyring = browserKeyring();
  const label = browserDeviceLabel();
  try {
    await keyring.signIn({ userId, password, label });
  } catch (error) {
    if (!(error instanceof DeviceRevokedError)) {
      throw error;
    }
    await wipeLocalDatabase({ fileName: error.record.fileName });
    await keyring.signIn({ userId, password, label });
  }
};
