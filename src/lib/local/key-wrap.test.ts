import { describe, expect, it } from 'vitest';
import { dataKeyHex, generateDataKey, KeyUnwrapError, unwrapDataKey, wrapWithPassword, wrapWithPrf, wrapWithServerSecret } from './key-wrap';

// Fewer iterations in tests only: the derivation is the same function, just cheaper.
const ITERATIONS = 1_000;

describe('device key wrapping', () => {
  it('opens a password-wrapped key with the password, and never with another', async () => {
    const key = generateDataKey();
    const wrapped = await wrapWithPassword(key, 'correct horse battery staple', ITERATIONS);
    expect(wrapped.ciphertext).not.toContain(dataKeyHex(key));
    await expect(unwrapDataKey(wrapped, { password: 'correct horse battery staple' })).resolves.toEqual(key);
    await expect(unwrapDataKey(wrapped, { password: 'correct horse battery stapl' })).rejects.toBeInstanceOf(KeyUnwrapError);
  });

  it('opens a server-wrapped key with the secret only, and detects tampering', async () => {
    const key = generateDataKey();
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const wrapped = await wrapWithServerSecret(key, secret);
    await expect(unwrapDataKey(wrapped, { secret })).resolves.toEqual(key);
    await expect(unwrapDataKey(wrapped, { secret: crypto.getRandomValues(new Uint8Array(32)) })).rejects.toBeInstanceOf(KeyUnwrapError);
    const flipped = { ...wrapped, ciphertext: `${wrapped.ciphertext.slice(0, -4)}AAA=` };
    await expect(unwrapDataKey(flipped, { secret })).rejects.toBeInstanceOf(KeyUnwrapError);
    // A copy cannot pose as the other kind.
    await expect(unwrapDataKey({ ...wrapped, kind: 'password', salt: 'AAAA' }, { password: 'x' })).rejects.toBeInstanceOf(KeyUnwrapError);
  });

  it('uses a fresh salt and nonce each time', async () => {
    const key = generateDataKey();
    const [a, b] = await Promise.all([wrapWithPassword(key, 'pw pw pw pw pw', ITERATIONS), wrapWithPassword(key, 'pw pw pw pw pw', ITERATIONS)]);
    expect(a.salt).not.toBe(b.salt);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });
});

describe('passkey (PRF) wrapping', () => {
  it('opens a PRF-wrapped key with the same PRF output only, and never as another kind', async () => {
    const key = generateDataKey();
    const output = crypto.getRandomValues(new Uint8Array(32));
    const wrapped = await wrapWithPrf(key, output);
    expect(wrapped.kind).toBe('passkey');
    expect(JSON.stringify(wrapped)).not.toContain(dataKeyHex(key));
    await expect(unwrapDataKey(wrapped, { prf: output })).resolves.toEqual(key);
    await expect(unwrapDataKey(wrapped, { prf: crypto.getRandomValues(new Uint8Array(32)) })).rejects.toBeInstanceOf(KeyUnwrapError);
    await expect(unwrapDataKey(wrapped, { password: 'x' })).rejects.toBeInstanceOf(KeyUnwrapError);
    // The kind is bound into the ciphertext: the PRF output used as a server secret opens nothing.
    await expect(unwrapDataKey({ ...wrapped, kind: 'server' }, { secret: output })).rejects.toBeInstanceOf(KeyUnwrapError);
  });

  it('derives the wrapping key with HKDF rather than using the PRF output as the AES key', async () => {
    const key = generateDataKey();
    const output = crypto.getRandomValues(new Uint8Array(32));
    // A server-kind copy sealed directly with the raw output would open with it; a passkey copy
    // must not: its AES key is HKDF(output, "openpractice-device-key").
    const wrapped = await wrapWithPrf(key, output);
    const rawKey = await crypto.subtle.importKey('raw', output, { name: 'AES-GCM' }, false, ['decrypt']);
    const decrypt = crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: Uint8Array.from(atob(wrapped.iv), (char) => char.charCodeAt(0)), additionalData: new TextEncoder().encode('openpractice-device-key:passkey') },
      rawKey,
      Uint8Array.from(atob(wrapped.ciphertext), (char) => char.charCodeAt(0)),
    );
    await expect(decrypt).rejects.toThrow();
  });
});
