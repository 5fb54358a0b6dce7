import { createDeviceKeyring, type DeviceKeyring } from './device-keyring';
import { deviceLabelFromUserAgent } from './device-label';
import { createFetchDeviceServer, isDeviceRevoked } from './fetch-device-server';
import { createIndexedDbDeviceRecords } from './indexeddb-device-records';

/*
 * The device keyring as the browser uses it: records in IndexedDB, the server over fetch, and every
 * operation on one person's record run one at a time across the tabs of this browser (a Web Lock
 * per person). Without that, a sign-in form re-wrapping the key and an app page opening the device
 * for the first time could both find no record and register two devices, leaving work queued in a
 * database whose record was overwritten.
 */

type Keyring = Pick<
  DeviceKeyring,
  'signIn' | 'rememberShared' | 'openOnline' | 'unlockOffline' | 'record' | 'forget' | 'addPasskeyCopy' | 'removePasskeyCopy' | 'unlockWithPasskey'
>;

const lockName = (userId: string) => `openpractice-keyring:${userId}`;

const serialized = <T>(userId: string, fn: () => Promise<T>): Promise<T> =>
  typeof navigator.locks?.request === 'function' ? navigator.locks.request(lockName(userId), fn) : fn();

let keyring: Keyring | undefined;

/** This browser's keyring (created on first use; browser only). */
export const browserKeyring = (): Keyring => {
  if (keyring === undefined) {
    const inner = createDeviceKeyring({ store: createIndexedDbDeviceRecords(), server: createFetchDeviceServer(), isRevoked: isDeviceRevoked });
    keyring = {
      signIn: (options) => serialized(options.userId, () => inner.signIn(options)),
      rememberShared: (options) => serialized(options.userId, () => inner.rememberShared(options)),
      openOnline: (options) => serialized(options.userId, () => inner.openOnline(options)),
      unlockOffline: (options) => serialized(options.userId, () => inner.unlockOffline(options)),
      record: (userId) => serialized(userId, () => inner.record(userId)),
      forget: (userId) => serialized(userId, () => inner.forget(userId)),
      // The passkey prompt itself runs outside the lock (passkey-unlock.ts): a person taking their
      // time over it must not hold up the other tabs' keyring work.
      addPasskeyCopy: (options) => serialized(options.userId, () => inner.addPasskeyCopy(options)),
      removePasskeyCopy: (options) => serialized(options.userId, () => inner.removePasskeyCopy(options)),
      unlockWithPasskey: (options) => serialized(options.userId, () => inner.unlockWithPasskey(options)),
    };
  }
  return keyring;
};

/** The label a new device registers with ("Chrome on Linux"). */
export const browserDeviceLabel = (): string => deviceLabelFromUserAgent(navigator.userAgent);
