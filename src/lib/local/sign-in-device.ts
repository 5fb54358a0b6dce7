import { browserDeviceLabel, browserKeyring } from './browser-keyring';
import { wipeLocalDatabase } from './browser/local-database';
import { DeviceRevokedError } from './device-keyring';

/*
 * After a password sign-in (issue #6 §5): wrap this browser's database key with the password just
 * typed, so the app can be unlocked offline with it — creating the device if there is none — and
 * remember whether the person said this is a shared computer (sign-out then wipes it). A device the
 * server revoked is wiped and a new one created. Best-effort by design: the sign-in form waits for
 * it only briefly and never fails because of it; a failure means no offline unlock (and no shared
 * flag) until the next sign-in.
 */
export const wrapDeviceKeyAfterSignIn = async ({ userId, password, shared }: { userId: string; password: string; shared: boolean }): Promise<void> => {
  const keyring = browserKeyring();
  const label = browserDeviceLabel();
  try {
    await keyring.signIn({ userId, password, label, shared });
  } catch (error) {
    if (!(error instanceof DeviceRevokedError)) {
      throw error;
    }
    await wipeLocalDatabase({ fileName: error.record.fileName });
    await keyring.signIn({ userId, password, label, shared });
  }
};

/**
 * After a passkey sign-in (no password to wrap the key with): remember only whether this is a
 * shared computer, registering the device when there is none. No server unlock happens here, so a
 * revoked device is found (and wiped) when the app opens it.
 */
export const rememberSharedAfterSignIn = ({ userId, shared }: { userId: string; shared: boolean }): Promise<void> =>
  browserKeyring().rememberShared({ userId, label: browserDeviceLabel(), shared });
