/*
 * Keys of the device database (issue #6 §1, DESIGN §6 "Encryption"). Browser-safe (WebCrypto
 * only; Node 20 has the same API for tests).
 *
 * The SQLite file is encrypted with a random 256-bit data key. The data key is never stored in the
 * clear: it is kept *wrapped* (AES-GCM) twice —
 * - by a key derived from the person's password (PBKDF2-SHA256, 600,000 iterations, per-device
 *   random salt), so the app can be unlocked offline with the password;
 * - by a random server-held device secret, so an online device unlocks without the password and
 *   revoking the secret on the server (sign-out everywhere, deactivation) makes that copy useless;
 * - optionally by a passkey: the WebAuthn PRF output of one credential for one salt (HKDF-SHA256),
 *   so a passkey that can evaluate PRF opens the database offline (see passkey-unlock.ts).
 * Idle lock drops the unwrapped key from memory; sign-out on a shared device deletes the file.
 */

/** OWASP 2023 guidance for PBKDF2-HMAC-SHA256. */
export const PBKDF2_ITERATIONS = 600_000;

export type WrappedKey = {
  /** How the wrapping key was obtained. */
  kind: 'password' | 'server' | 'passkey';
  /** base64 of the PBKDF2 salt (password wrapping only). */
  salt?: string;
  iterations?: number;
  /** base64 AES-GCM nonce (12 bytes) and ciphertext (data key + tag). */
  iv: string;
  ciphertext: string;
};

const toBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
};

const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
};

const randomBytes = (length: number): Uint8Array<ArrayBuffer> => crypto.getRandomValues(new Uint8Array(length));

/** A new random data key (32 bytes) for a new device database. */
export const generateDataKey = (): Uint8Array<ArrayBuffer> => randomBytes(32);

/** The data key as SQLite's `PRAGMA key` takes it (hex; see SqliteConnection.open). */
export const dataKeyHex = (key: Uint8Array): string => [...key].map((byte) => byte.toString(16).padStart(2, '0')).join('');

const passwordKey = async (password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> => {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFKC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
};

/** HKDF `info` for the passkey wrapping key: ties the derived key to this one use of the PRF output. */
export const PRF_KEY_INFO = 'openpractice-device-key';

// The PRF output is already a uniformly random 32-byte secret of the authenticator; HKDF turns it
// into an AES key for this purpose alone (no salt needed: the PRF salt already made it ours).
const prfKey = async (prfOutput: Uint8Array<ArrayBuffer>): Promise<CryptoKey> => {
  const material = await crypto.subtle.importKey('raw', prfOutput, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode(PRF_KEY_INFO) },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
};

const secretKey = (secret: Uint8Array<ArrayBuffer>): Promise<CryptoKey> =>
  crypto.subtle.importKey('raw', secret, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);

const seal = async (key: CryptoKey, dataKey: Uint8Array<ArrayBuffer>, additionalData: Uint8Array<ArrayBuffer>) => {
  const iv = randomBytes(12);
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, dataKey));
  return { iv: toBase64(iv), ciphertext: toBase64(ciphertext) };
};

/** Thrown when a wrapped key cannot be opened: wrong password, revoked secret, or tampering. */
export class KeyUnwrapError extends Error {
  override name = 'KeyUnwrapError';
}

// The kind is bound into the ciphertext: a copy wrapped one way cannot be presented as the other.
const aad = (kind: WrappedKey['kind']) => new TextEncoder().encode(`openpractice-device-key:${kind}`);

/** Wraps the data key with a key derived from the password (offline unlock). */
export const wrapWithPassword = async (dataKey: Uint8Array<ArrayBuffer>, password: string, iterations = PBKDF2_ITERATIONS): Promise<WrappedKey> => {
  const salt = randomBytes(16);
  return { kind: 'password', salt: toBase64(salt), iterations, ...(await seal(await passwordKey(password, salt, iterations), dataKey, aad('password'))) };
};

/** Wraps the data key with the server-held device secret (online unlock, revocable). */
export const wrapWithServerSecret = async (dataKey: Uint8Array<ArrayBuffer>, secret: Uint8Array<ArrayBuffer>): Promise<WrappedKey> => ({
  kind: 'server',
  ...(await seal(await secretKey(secret), dataKey, aad('server'))),
});

/** Wraps the data key with a passkey's PRF output (offline unlock with that passkey). */
export const wrapWithPrf = async (dataKey: Uint8Array<ArrayBuffer>, prfOutput: Uint8Array<ArrayBuffer>): Promise<WrappedKey> => ({
  kind: 'passkey',
  ...(await seal(await prfKey(prfOutput), dataKey, aad('passkey'))),
});

/** What opens a wrapped key: the password, the server secret, or a passkey's PRF output. */
export type KeyUnlock = { password: string } | { secret: Uint8Array<ArrayBuffer> } | { prf: Uint8Array<ArrayBuffer> };

const wrappingKey = async (wrapped: WrappedKey, unlock: KeyUnlock): Promise<CryptoKey> => {
  switch (wrapped.kind) {
    case 'password':
      if (!('password' in unlock) || wrapped.salt === undefined) {
        throw new KeyUnwrapError('this key is wrapped with a password');
      }
      return passwordKey(unlock.password, fromBase64(wrapped.salt), wrapped.iterations ?? PBKDF2_ITERATIONS);
    case 'server':
      if (!('secret' in unlock)) {
        throw new KeyUnwrapError('this key is wrapped with the server secret');
      }
      return secretKey(unlock.secret);
    case 'passkey':
      if (!('prf' in unlock)) {
        throw new KeyUnwrapError('this key is wrapped with a passkey');
      }
      return prfKey(unlock.prf);
  }
};

/** Opens a wrapped data key with the password, the server secret or a PRF output; KeyUnwrapError when it does not fit. */
export const unwrapDataKey = async (wrapped: WrappedKey, unlock: KeyUnlock): Promise<Uint8Array<ArrayBuffer>> => {
  const key = await wrappingKey(wrapped, unlock);
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(wrapped.iv), additionalData: aad(wrapped.kind) }, key, fromBase64(wrapped.ciphertext)),
    );
  } catch {
    throw new KeyUnwrapError('the key could not be opened');
  }
};
