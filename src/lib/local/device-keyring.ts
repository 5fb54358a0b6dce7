import { uuidv7 } from 'uuidv7';
import { dataKeyHex, generateDataKey, KeyUnwrapError, unwrapDataKey, wrapWithPassword, wrapWithPrf, wrapWithServerSecret, type WrappedKey } from './key-wrap';

/*
 * Which local database a person uses on this browser, and how its key is opened (issue #6 §1, §5).
 * Browser-safe; the record store and the server calls are injected, so the rules are tested in Node
 * and the browser supplies IndexedDB and fetch.
 *
 * Per person a *device record* (not secret, not encrypted): the device id (also its sync client id,
 * registered with the server), the database file name, and the database key wrapped twice — by the
 * server's device secret (online unlock, revocable) and by the person's password (offline unlock).
 *
 * - Sign-in (online, password typed): unlock with the server secret — registering the device first
 *   if there is none — and wrap the key again with the password just typed, so a changed password
 *   takes effect here at once and the old one stops opening the database.
 * - Reload with a session (online, no password): unlock with the server secret.
 * - A signed-in page with no device here (a session minted elsewhere, a passkey sign-in, a device
 *   forgotten after revocation): register one online with only the server-wrapped copy; the next
 *   password sign-in adds the password-wrapped copy, and until then it cannot be unlocked offline
 *   (except with a passkey copy, which a passkey sign-in with PRF adds).
 * - Offline: unlock with the password, or with a passkey whose copy is on the record.
 * - A passkey that can evaluate the WebAuthn PRF extension (passkey-unlock.ts) adds one more copy,
 *   wrapped by its PRF output for a random salt, after a passkey sign-in or from the account page;
 *   one copy per credential. It lives on the record, so forgetting the device forgets it too.
 * - The server says DEVICE_REVOKED: the caller wipes the database (the record is deleted here); a
 *   new sign-in then starts a new device.
 * - A shared computer (said at sign-in): sign-out wipes the database and forgets the record, once
 *   nothing is left unsynced. Records written before the flag existed have none: not shared.
 */

export type DeviceRecord = {
  version: 1;
  userId: string;
  deviceId: string;
  /** The local database's file name: short, and revealing nothing about the person. */
  fileName: string;
  serverWrapped: WrappedKey;
  passwordWrapped: WrappedKey | null;
  /**
   * Said at the last sign-in here ("This is a shared computer"): sign-out wipes the database.
   * Optional, and absent means not shared, so records of version 1 written before it stay valid.
   */
  shared?: boolean;
  /**
   * Copies wrapped by passkeys (offline unlock with a passkey), one per credential. Optional, and
   * absent means none, so records written before passkey unlock existed stay valid.
   */
  passkeyWrapped?: PasskeyWrappedKey[];
  createdAt: string;
};

/** A copy of the data key that one passkey opens: its PRF output for `salt` (HKDF) wraps it. */
export type PasskeyWrappedKey = {
  /** The WebAuthn credential id, base64url (as better-auth and `PublicKeyCredential.id` spell it). */
  credentialId: string;
  /** base64url of the 32 random bytes the authenticator's PRF is evaluated at; not secret. */
  salt: string;
  wrapped: WrappedKey;
};

/** At most this many passkey copies per record (a person rarely has more passkeys; the oldest go first). */
export const MAX_PASSKEY_COPIES = 10;

// Read defensively: the record comes from browser storage, where anything may have been written.
const passkeyWrappedOf = (record: DeviceRecord | null): PasskeyWrappedKey[] =>
  Array.isArray(record?.passkeyWrapped)
    ? record.passkeyWrapped.filter((copy) => typeof copy.credentialId === 'string' && typeof copy.salt === 'string' && copy.wrapped?.kind === 'passkey')
    : [];

/** The passkeys (credential and salt) that can open the person's database here without the server. */
export const passkeyCopiesOf = (record: DeviceRecord | null): { credentialId: string; salt: string }[] =>
  passkeyWrappedOf(record).map(({ credentialId, salt }) => ({ credentialId, salt }));

/** Whether sign-out on this browser must wipe the person's database (old records: no). */
export const isSharedDevice = (record: DeviceRecord | null): boolean => record?.shared === true;

/** How the person could open the database here without the server (what the unlock screen offers). */
export type OfflineUnlock = 'password' | 'online_only' | 'no_device';

export const offlineUnlockOf = (record: DeviceRecord | null): OfflineUnlock => {
  if (record === null) {
    return 'no_device';
  }
  return record.passwordWrapped === null ? 'online_only' : 'password';
};

/** Where device records are kept (IndexedDB in the browser); keyed by user id. */
export type DeviceRecordStore = {
  get: (userId: string) => Promise<DeviceRecord | null>;
  put: (record: DeviceRecord) => Promise<void>;
  delete: (userId: string) => Promise<void>;
};

/** The server side: POST /api/v1/devices and /api/v1/devices/[id]/unlock, secrets base64. */
export type DeviceServer = {
  register: (device: { deviceId: string; label: string }) => Promise<{ secret: string }>;
  unlock: (deviceId: string) => Promise<{ secret: string }>;
};

/** The server refused this device for good (revoked): its local database must be wiped. */
export class DeviceRevokedError extends Error {
  override name = 'DeviceRevokedError';
  constructor(readonly record: DeviceRecord) {
    super('This device no longer has access.');
  }
}

/** What opens a database: its file and its key (hex, for SqliteConnection.open). */
export type UnlockedDevice = { deviceId: string; fileName: string; keyHex: string };

const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

/** A file name from the device id alone: 16 hex digits of its SHA-256 (`op-…`, within the VFS limit). */
const fileNameOf = async (deviceId: string): Promise<string> => {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`openpractice-local-db:${deviceId}`)));
  return `op-${[...digest.slice(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join('')}.db`;
};

type Options = {
  store: DeviceRecordStore;
  server: DeviceServer;
  /** Tells a revoked device from other server failures (e.g. an ApiError with code DEVICE_REVOKED). */
  isRevoked: (error: unknown) => boolean;
};

export const createDeviceKeyring = ({ store, server, isRevoked }: Options) => {
  const serverSecret = async (record: DeviceRecord): Promise<Uint8Array<ArrayBuffer>> => {
    try {
      return fromBase64((await server.unlock(record.deviceId)).secret);
    } catch (error) {
      if (isRevoked(error)) {
        await store.delete(record.userId);
        throw new DeviceRevokedError(record);
      }
      throw error;
    }
  };

  // Without a password the record has no offline copy yet: the next password sign-in adds it.
  /** The data key from the server-wrapped copy (online). */
  const serverUnwrapped = async (record: DeviceRecord) => unwrapDataKey(record.serverWrapped, { secret: await serverSecret(record) });

  const unlocked = (record: DeviceRecord, dataKey: Uint8Array): UnlockedDevice => ({
    deviceId: record.deviceId,
    fileName: record.fileName,
    keyHex: dataKeyHex(dataKey),
  });

  const register = async (userId: string, label: string, password: string | null, shared: boolean): Promise<UnlockedDevice> => {
    const deviceId = uuidv7();
    const { secret } = await server.register({ deviceId, label });
    const dataKey = generateDataKey();
    const record: DeviceRecord = {
      version: 1,
      userId,
      deviceId,
      fileName: await fileNameOf(deviceId),
      serverWrapped: await wrapWithServerSecret(dataKey, fromBase64(secret)),
      passwordWrapped: password === null ? null : await wrapWithPassword(dataKey, password),
      shared,
      createdAt: new Date().toISOString(),
    };
    await store.put(record);
    return { deviceId, fileName: record.fileName, keyHex: dataKeyHex(dataKey) };
  };

  return {
    /** The person's record on this browser, if any (e.g. to wipe its database). */
    record: (userId: string) => store.get(userId),

    /**
     * At sign-in, online, with the password just typed: the existing device (key re-wrapped with
     * this password) or a new one. A revoked device throws DeviceRevokedError: wipe its file, then
     * call again to start a new device. `shared` is what the person said at this sign-in; it
     * replaces what an earlier sign-in said.
     */
    signIn: async ({ userId, password, label, shared = false }: { userId: string; password: string; label: string; shared?: boolean }): Promise<UnlockedDevice> => {
      const record = await store.get(userId);
      if (!record) {
        return register(userId, label, password, shared);
      }
      const dataKey = await serverUnwrapped(record);
      await store.put({ ...record, passwordWrapped: await wrapWithPassword(dataKey, password), shared });
      return unlocked(record, dataKey);
    },

    /**
     * At a sign-in without a password (a passkey): remembers whether this is a shared computer,
     * registering the device (server-wrapped copy only) when there is none yet, so the flag is on
     * the record before the app first opens the database.
     */
    rememberShared: async ({ userId, label, shared }: { userId: string; label: string; shared: boolean }): Promise<void> => {
      const record = await store.get(userId);
      if (!record) {
        await register(userId, label, null, shared);
        return;
      }
      if (isSharedDevice(record) !== shared) {
        await store.put({ ...record, shared });
      }
    },

    /**
     * Online with a session and no password: this browser's device for the person, registered now
     * (server-wrapped copy only) when there is none. `registered` tells a new, empty database apart.
     * A revoked device throws DeviceRevokedError: wipe its file, then call again for a new device.
     */
    openOnline: async ({ userId, label }: { userId: string; label: string }): Promise<{ device: UnlockedDevice; registered: boolean }> => {
      const record = await store.get(userId);
      if (!record) {
        return { device: await register(userId, label, null, false), registered: true };
      }
      return { device: unlocked(record, await serverUnwrapped(record)), registered: false };
    },

    /**
     * Online (the server-wrapped copy is opened): adds or replaces `credentialId`'s passkey copy,
     * wrapped by its PRF output for `salt`. The output is used here and nowhere else: never stored,
     * never sent. Throws without a device here (the database was never opened on this browser).
     */
    addPasskeyCopy: async ({ userId, credentialId, salt, prfOutput }: { userId: string; credentialId: string; salt: string; prfOutput: Uint8Array<ArrayBuffer> }): Promise<void> => {
      const record = await store.get(userId);
      if (!record) {
        throw new Error('there is no device for this person on this browser');
      }
      const wrapped = await wrapWithPrf(await serverUnwrapped(record), prfOutput);
      const others = passkeyWrappedOf(record).filter((copy) => copy.credentialId !== credentialId);
      const passkeyWrapped = [...others, { credentialId, salt, wrapped }].slice(-MAX_PASSKEY_COPIES);
      await store.put({ ...record, passkeyWrapped });
    },

    /** Drops `credentialId`'s passkey copy (the passkey was removed from the account). */
    removePasskeyCopy: async ({ userId, credentialId }: { userId: string; credentialId: string }): Promise<void> => {
      const record = await store.get(userId);
      const copies = passkeyWrappedOf(record);
      if (record === null || !copies.some((copy) => copy.credentialId === credentialId)) {
        return;
      }
      await store.put({ ...record, passkeyWrapped: copies.filter((copy) => copy.credentialId !== credentialId) });
    },

    /**
     * Offline, with the PRF output `credentialId` gave for its stored salt: null without a device
     * here; KeyUnwrapError when that credential has no copy here or its output does not open it.
     */
    unlockWithPasskey: async ({ userId, credentialId, prfOutput }: { userId: string; credentialId: string; prfOutput: Uint8Array<ArrayBuffer> }): Promise<UnlockedDevice | null> => {
      const record = await store.get(userId);
      if (!record) {
        return null;
      }
      const copy = passkeyWrappedOf(record).find((candidate) => candidate.credentialId === credentialId);
      if (copy === undefined) {
        throw new KeyUnwrapError('this passkey does not open this device');
      }
      return unlocked(record, await unwrapDataKey(copy.wrapped, { prf: prfOutput }));
    },

    /** Offline, with the password; KeyUnwrapError for a wrong password, null without a device here. */
    unlockOffline: async ({ userId, password }: { userId: string; password: string }): Promise<UnlockedDevice | null> => {
      const record = await store.get(userId);
      if (!record) {
        return null;
      }
      if (!record.passwordWrapped) {
        throw new KeyUnwrapError('this device can only be unlocked online');
      }
      return unlocked(record, await unwrapDataKey(record.passwordWrapped, { password }));
    },

    /** Forgets the device (after its database was wiped: sign-out on a shared device). */
    forget: (userId: string) => store.delete(userId),
  };
};

export type DeviceKeyring = ReturnType<typeof createDeviceKeyring>;
