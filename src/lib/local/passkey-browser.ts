import { browserKeyring } from './browser-keyring';
import { createPasskeyUnlock, fromBase64Url, newPrfSalt, PasskeyUnlockError, toBase64Url, type PasskeyPrf, type PasskeyUnlock } from './passkey-unlock';
import { rememberSharedAfterSignIn } from './sign-in-device';

/*
 * Passkey unlock as the browser does it (passkey-unlock.ts has the rules): the authenticator asked
 * through navigator.credentials.get with the PRF extension, records through the browser keyring.
 */

/** Whether this browser can ask a passkey at all (the unlock screen offers the button only then). */
export const passkeysAvailable = (): boolean => typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';

const copyOf = (buffer: BufferSource): Uint8Array<ArrayBuffer> =>
  buffer instanceof ArrayBuffer ? new Uint8Array(buffer.slice(0)) : new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);

/** The PRF output of an assertion or passkey sign-in, if the authenticator gave one. */
const prfFirst = (results: AuthenticationExtensionsClientOutputs | undefined): Uint8Array<ArrayBuffer> | null => {
  const first = results?.prf?.results?.first;
  return first === undefined ? null : copyOf(first);
};

/** The authenticator, asked for one of `candidates` with user verification and PRF. */
export const browserPasskeyPrf: PasskeyPrf = async (candidates) => {
  if (!passkeysAvailable()) {
    throw new PasskeyUnlockError('unsupported');
  }
  let credential: Credential | null;
  try {
    credential = await navigator.credentials.get({
      publicKey: {
        // No server checks this assertion: only its PRF result is used, which the authenticator
        // derives from the credential's secret and the salt alone. The challenge is just fresh.
        challenge: newPrfSalt(),
        allowCredentials: candidates.map(({ credentialId }) => ({ type: 'public-key', id: fromBase64Url(credentialId) })),
        // Required, and the same at sign-in (auth.ts): authenticators keep separate PRF secrets
        // for verified and unverified use, so the copy must be made and opened the same way.
        userVerification: 'required',
        timeout: 120_000,
        extensions: { prf: { evalByCredential: Object.fromEntries(candidates.map(({ credentialId, salt }) => [credentialId, { first: salt }])) } },
      },
    });
  } catch (error) {
    // The person closed the prompt, it timed out, or no allowed passkey is on this device.
    if (error instanceof DOMException && (error.name === 'NotAllowedError' || error.name === 'AbortError')) {
      throw new PasskeyUnlockError('cancelled');
    }
    throw error;
  }
  if (!(credential instanceof PublicKeyCredential)) {
    throw new PasskeyUnlockError('cancelled');
  }
  return { credentialId: credential.id, output: prfFirst(credential.getClientExtensionResults()) };
};

/**
 * For a new passkey: asks the authenticator to enable PRF at creation (CTAP2 hmac-secret), without
 * which some evaluate no PRF later. Typed as the DOM types it: better-auth's client types predate PRF.
 */
export const PRF_AT_CREATION: AuthenticationExtensionsClientInputs = { prf: {} };

let unlocker: PasskeyUnlock | undefined;

/** Enable and offline unlock with a passkey, on this browser. */
export const browserPasskeyUnlock = (): PasskeyUnlock => {
  unlocker ??= createPasskeyUnlock({ keyring: browserKeyring(), prf: browserPasskeyPrf });
  return unlocker;
};

/** What a passkey sign-in returns with `returnWebAuthnResponse` (better-auth's passkey client). */
type SignInWebAuthn = { response: { id: string }; clientExtensionResults?: AuthenticationExtensionsClientOutputs } | undefined;

/** The passkey copy a sign-in prompt yielded: used once, after the sign-in, then dropped. */
export type SignInPasskeyCopy = { credentialId: string; salt: string; output: Uint8Array<ArrayBuffer> };

/**
 * A PRF request for a passkey sign-in, so the one prompt that signs the person in also gives this
 * device a passkey copy of its key (no second prompt). `extensions` goes to the sign-in call;
 * `copyFrom` reads its answer (null when the passkey gave no PRF result).
 */
export const passkeySignInPrf = () => {
  const salt = newPrfSalt();
  const extensions: AuthenticationExtensionsClientInputs = { prf: { eval: { first: salt } } };
  return {
    extensions,
    copyFrom: (webauthn: SignInWebAuthn): SignInPasskeyCopy | null => {
      const output = prfFirst(webauthn?.clientExtensionResults);
      return webauthn === undefined || output === null ? null : { credentialId: webauthn.response.id, salt: toBase64Url(salt), output };
    },
  };
};

/**
 * After a passkey sign-in: the shared-computer flag (registering the device if there is none),
 * then the passkey copy when the sign-in yielded one. Best-effort like the password copy: a failure
 * means this device opens offline only with the password (or the button on the account page).
 */
export const rememberPasskeySignIn = async ({ userId, shared, copy }: { userId: string; shared: boolean; copy: SignInPasskeyCopy | null }): Promise<void> => {
  try {
    await rememberSharedAfterSignIn({ userId, shared });
    if (copy !== null) {
      await browserKeyring().addPasskeyCopy({ userId, credentialId: copy.credentialId, salt: copy.salt, prfOutput: copy.output });
    }
  } finally {
    copy?.output.fill(0);
  }
};
