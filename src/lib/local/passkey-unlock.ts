import { passkeyCopiesOf, type DeviceKeyring, type UnlockedDevice } from './device-keyring';
import { KeyUnwrapError } from './key-wrap';

/*
 * Offline unlock with a passkey (issue #6 §5, decision 0011 "Devices and keys"). Offline there is no
 * server to check an assertion, so the passkey itself must yield key material: the WebAuthn PRF
 * extension. The authenticator computes a secret from the credential's own key and a salt we
 * choose, and only after the person's PIN, fingerprint or face; that output (HKDF) wraps a copy of
 * the database key. Browser-safe, with the authenticator injected so the rules run in Node.
 *
 * The PRF output opens the database key and is as sensitive as it: it is used here and in the
 * keyring to wrap or unwrap, zeroed afterwards, and never stored, logged or sent.
 */

/** One credential the authenticator may use, with the salt its PRF is evaluated at. */
export type PrfCandidate = { credentialId: string; salt: Uint8Array<ArrayBuffer> };

/** Which credential the person used, and its PRF output (null: the authenticator gave none). */
export type PrfAnswer = { credentialId: string; output: Uint8Array<ArrayBuffer> | null };

/** Asks the authenticator for one of `candidates` with user verification and PRF (navigator.credentials.get). */
export type PasskeyPrf = (candidates: PrfCandidate[]) => Promise<PrfAnswer>;

/** Why a passkey did not unlock (or enable unlocking) this device. */
export type PasskeyUnlockFailure = 'no_prf' | 'cancelled' | 'not_this_device' | 'no_passkey' | 'unsupported';

/** What the person reads for each failure (none names a patient or a key). */
export const PASSKEY_UNLOCK_MESSAGES: Record<PasskeyUnlockFailure, string> = {
  no_prf: "This passkey can't unlock offline. Use your password, or a passkey on a device that supports it.",
  cancelled: 'No passkey that unlocks this device was used. Try again, or use your password.',
  not_this_device: "That passkey doesn't open this device's data.",
  no_passkey: 'No passkey is set up to unlock this device offline.',
  unsupported: "This browser can't use passkeys.",
};

export class PasskeyUnlockError extends Error {
  override name = 'PasskeyUnlockError';
  constructor(readonly reason: PasskeyUnlockFailure) {
    super(PASSKEY_UNLOCK_MESSAGES[reason]);
  }
}

/** base64url without padding, as WebAuthn credential ids are spelled. */
export const toBase64Url = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
};

export const fromBase64Url = (text: string): Uint8Array<ArrayBuffer> => {
  const base64 = text.replaceAll('-', '+').replaceAll('_', '/');
  return Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (char) => char.charCodeAt(0));
};

/** A fresh salt per passkey copy: 32 random bytes, as the PRF extension takes them. */
export const newPrfSalt = (): Uint8Array<ArrayBuffer> => crypto.getRandomValues(new Uint8Array(32));

type Keyring = Pick<DeviceKeyring, 'record' | 'addPasskeyCopy' | 'unlockWithPasskey'>;

export const createPasskeyUnlock = ({ keyring, prf }: { keyring: Keyring; prf: PasskeyPrf }) => ({
  /**
   * Online, signed in, the database opened on this browser: asks for one of the person's passkeys
   * (`credentialIds`, base64url) with PRF and stores the copy it wraps. PasskeyUnlockError
   * `no_prf` when the authenticator gives no PRF result ("This passkey can't unlock offline").
   * Answers the credential that was used.
   */
  enable: async ({ userId, credentialIds }: { userId: string; credentialIds: string[] }): Promise<string> => {
    if (credentialIds.length === 0) {
      throw new PasskeyUnlockError('no_passkey');
    }
    const salt = newPrfSalt();
    const { credentialId, output } = await prf(credentialIds.map((id) => ({ credentialId: id, salt })));
    if (!credentialIds.includes(credentialId)) {
      throw new PasskeyUnlockError('not_this_device');
    }
    if (output === null) {
      throw new PasskeyUnlockError('no_prf');
    }
    try {
      await keyring.addPasskeyCopy({ userId, credentialId, salt: toBase64Url(salt), prfOutput: output });
    } finally {
      output.fill(0);
    }
    return credentialId;
  },

  /**
   * Offline: asks for one of the passkeys with a copy on this device's record, each at its salt,
   * and opens the database key with the answer. PasskeyUnlockError says why not.
   */
  unlockOffline: async ({ userId }: { userId: string }): Promise<UnlockedDevice> => {
    const copies = passkeyCopiesOf(await keyring.record(userId));
    if (copies.length === 0) {
      throw new PasskeyUnlockError('no_passkey');
    }
    const { credentialId, output } = await prf(copies.map(({ credentialId: id, salt }) => ({ credentialId: id, salt: fromBase64Url(salt) })));
    if (output === null) {
      throw new PasskeyUnlockError('no_prf');
    }
    try {
      const device = await keyring.unlockWithPasskey({ userId, credentialId, prfOutput: output });
      if (device === null) {
        throw new PasskeyUnlockError('no_passkey');
      }
      return device;
    } catch (error) {
      // A credential without a copy here, or whose output does not open it (another account's
      // passkey, a passkey re-created under the same id): one clear answer for both.
      throw error instanceof KeyUnwrapError ? new PasskeyUnlockError('not_this_device') : error;
    } finally {
      output.fill(0);
    }
  },
});

export type PasskeyUnlock = ReturnType<typeof createPasskeyUnlock>;
