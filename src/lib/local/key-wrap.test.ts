import { describe, expect, it } from 'vitest';
import { dataKeyHex, generateDataKey, KeyUnwrapError, unwrapDataKey, wrapWithPassword, wrapWithServerSecret } from './key-wrap';

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
