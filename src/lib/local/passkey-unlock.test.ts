import { describe, expect, it } from 'vitest';
import { createDeviceKeyring, MAX_PASSKEY_COPIES, offlineUnlockOf, passkeyCopiesOf, type DeviceRecord } from './device-keyring';
import { createPasskeyUnlock, fromBase64Url, PasskeyUnlockError, toBase64Url, type PasskeyPrf, type PrfCandidate } from './passkey-unlock';

/*
 * Offline unlock with a passkey, with the real keyring and real WebCrypto: an in-memory record
 * store, a server that keeps one secret per device, and an authenticator that holds per-credential
 * secrets and computes PRF as HMAC-SHA256(secret, salt) — what CTAP2 hmac-secret does, minus the
 * transport — or gives no PRF result at all, as authenticators without the extension do.
 */

const setup = () => {
  const records = new Map<string, DeviceRecord>();
  const secrets = new Map<string, string>();
  const keyring = createDeviceKeyring({
    store: {
      get: async (userId) => records.get(userId) ?? null,
      put: async (record) => {
        records.set(record.userId, structuredClone(record));
      },
      delete: async (userId) => {
        records.delete(userId);
      },
    },
    server: {
      register: async ({ deviceId }) => {
        const secret = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
        secrets.set(deviceId, secret);
        return { secret };
      },
      unlock: async (deviceId) => {
        const secret = secrets.get(deviceId);
        if (!secret) {
          throw new Error('unknown device');
        }
        return { secret };
      },
    },
    isRevoked: () => false,
  });
  return { keyring, records };
};

type FakeAuthenticator = { prf: PasskeyPrf; asked: PrfCandidate[][]; outputs: Uint8Array[] };

/** An authenticator holding `credentials` (id → secret); `withPrf: false` answers without a PRF result. */
const authenticator = (credentials: Map<string, Uint8Array<ArrayBuffer>>, { withPrf = true } = {}): FakeAuthenticator => {
  const asked: PrfCandidate[][] = [];
  const outputs: Uint8Array[] = [];
  const prf: PasskeyPrf = async (candidates) => {
    asked.push(candidates);
    const usable = candidates.find((candidate) => credentials.has(candidate.credentialId));
    if (usable === undefined) {
      // What the browser does when none of the allowed credentials is on this authenticator.
      throw new PasskeyUnlockError('cancelled');
    }
    if (!withPrf) {
      return { credentialId: usable.credentialId, output: null };
    }
    const key = await crypto.subtle.importKey('raw', credentials.get(usable.credentialId) as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const output = new Uint8Array(await crypto.subtle.sign('HMAC', key, usable.salt));
    outputs.push(output);
    return { credentialId: usable.credentialId, output };
  };
  return { prf, asked, outputs };
};

const credential = () => toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
const secret = () => crypto.getRandomValues(new Uint8Array(32));

describe('offline unlock with a passkey', () => {
  it('enables with a PRF passkey and then opens the same key offline with it, keeping no PRF output', async () => {
    const { keyring, records } = setup();
    const { device } = await keyring.openOnline({ userId: 'u1', label: 'x' });
    const id = credential();
    const fake = authenticator(new Map([[id, secret()]]));
    const passkeys = createPasskeyUnlock({ keyring, prf: fake.prf });

    const other = credential();
    expect(await passkeys.enable({ userId: 'u1', credentialIds: [other, id] })).toBe(id);
    // Every allowed credential was offered the same fresh salt; the copy names the one used.
    const [offered] = fake.asked;
    expect(offered?.map((candidate) => candidate.credentialId)).toEqual([other, id]);
    expect(offered?.[0]?.salt).toEqual(offered?.[1]?.salt);
    expect(offered?.[0]?.salt).toHaveLength(32);
    const copies = passkeyCopiesOf(records.get('u1') ?? null);
    expect(copies).toEqual([{ credentialId: id, salt: toBase64Url(offered?.[0]?.salt ?? new Uint8Array()) }]);
    // The output was used and wiped; nothing of it (nor the key) is on the record.
    expect(fake.outputs[0]?.every((byte) => byte === 0)).toBe(true);
    expect(JSON.stringify(records.get('u1'))).not.toContain(device.keyHex);

    expect(await passkeys.unlockOffline({ userId: 'u1' })).toEqual(device);
    // Offline the stored salt is asked for, for that credential only.
    expect(fake.asked[1]).toEqual([{ credentialId: id, salt: fromBase64Url(copies[0]?.salt ?? '') }]);
  });

  it('refuses a passkey that gives no PRF result, and stores nothing', async () => {
    const { keyring, records } = setup();
    await keyring.openOnline({ userId: 'u1', label: 'x' });
    const before = structuredClone(records.get('u1'));
    const id = credential();
    const passkeys = createPasskeyUnlock({ keyring, prf: authenticator(new Map([[id, secret()]]), { withPrf: false }).prf });

    const refused = passkeys.enable({ userId: 'u1', credentialIds: [id] });
    await expect(refused).rejects.toBeInstanceOf(PasskeyUnlockError);
    await expect(refused).rejects.toMatchObject({ reason: 'no_prf', message: expect.stringContaining("This passkey can't unlock offline") });
    expect(records.get('u1')).toEqual(before);
    await expect(passkeys.enable({ userId: 'u1', credentialIds: [] })).rejects.toMatchObject({ reason: 'no_passkey' });
  });

  it('tells a passkey that does not open this device apart from one that is not set up', async () => {
    const { keyring } = setup();
    await keyring.openOnline({ userId: 'u1', label: 'x' });
    const id = credential();
    await createPasskeyUnlock({ keyring, prf: authenticator(new Map([[id, secret()]])).prf }).enable({ userId: 'u1', credentialIds: [id] });

    // The same credential id with another secret (another authenticator, a re-created passkey).
    const impostor = createPasskeyUnlock({ keyring, prf: authenticator(new Map([[id, secret()]])).prf });
    await expect(impostor.unlockOffline({ userId: 'u1' })).rejects.toMatchObject({ reason: 'not_this_device' });
    // A passkey of the account that was never set up here cannot be picked (it is not allowed).
    const other = createPasskeyUnlock({ keyring, prf: authenticator(new Map([[credential(), secret()]])).prf });
    await expect(other.unlockOffline({ userId: 'u1' })).rejects.toMatchObject({ reason: 'cancelled' });
    // Nobody set up a passkey here, or there is no device at all.
    await keyring.openOnline({ userId: 'u2', label: 'x' });
    await expect(other.unlockOffline({ userId: 'u2' })).rejects.toMatchObject({ reason: 'no_passkey' });
    await expect(other.unlockOffline({ userId: 'nobody' })).rejects.toMatchObject({ reason: 'no_passkey' });
  });

  it('keeps one copy per credential: a second passkey adds one, enabling again replaces it, removing drops it', async () => {
    const { keyring, records } = setup();
    const { device } = await keyring.openOnline({ userId: 'u1', label: 'x' });
    const [a, b] = [credential(), credential()];
    const held = new Map([
      [a, secret()],
      [b, secret()],
    ]);
    const onlyA = createPasskeyUnlock({ keyring, prf: authenticator(new Map([[a, held.get(a) as Uint8Array<ArrayBuffer>]])).prf });
    const onlyB = createPasskeyUnlock({ keyring, prf: authenticator(new Map([[b, held.get(b) as Uint8Array<ArrayBuffer>]])).prf });
    await onlyA.enable({ userId: 'u1', credentialIds: [a, b] });
    const firstSalt = passkeyCopiesOf(records.get('u1') ?? null)[0]?.salt;
    await onlyB.enable({ userId: 'u1', credentialIds: [a, b] });
    await onlyA.enable({ userId: 'u1', credentialIds: [a, b] });
    const copies = passkeyCopiesOf(records.get('u1') ?? null);
    expect(copies.map((copy) => copy.credentialId)).toEqual([b, a]);
    expect(copies[1]?.salt).not.toBe(firstSalt);
    expect(await onlyA.unlockOffline({ userId: 'u1' })).toEqual(device);
    expect(await onlyB.unlockOffline({ userId: 'u1' })).toEqual(device);

    await keyring.removePasskeyCopy({ userId: 'u1', credentialId: b });
    expect(passkeyCopiesOf(records.get('u1') ?? null).map((copy) => copy.credentialId)).toEqual([a]);
    await expect(onlyB.unlockOffline({ userId: 'u1' })).rejects.toMatchObject({ reason: 'cancelled' });
  });

  it('keeps at most a few copies, dropping the oldest', async () => {
    const { keyring, records } = setup();
    await keyring.openOnline({ userId: 'u1', label: 'x' });
    const ids = Array.from({ length: MAX_PASSKEY_COPIES + 2 }, credential);
    const all = createPasskeyUnlock({ keyring, prf: authenticator(new Map(ids.map((id) => [id, secret()]))).prf });
    for (const id of ids) {
      await all.enable({ userId: 'u1', credentialIds: [id] });
    }
    expect(passkeyCopiesOf(records.get('u1') ?? null).map((copy) => copy.credentialId)).toEqual(ids.slice(2));
  });

  it('leaves records without passkey copies valid, and keeps the copies through a password sign-in', async () => {
    const { keyring, records } = setup();
    const device = await keyring.signIn({ userId: 'u1', password: 'password one two', label: 'x' });
    // A record as written before passkey unlock existed: no passkeyWrapped at all.
    expect('passkeyWrapped' in (records.get('u1') as object)).toBe(false);
    expect(passkeyCopiesOf(await keyring.record('u1'))).toEqual([]);
    expect(offlineUnlockOf(await keyring.record('u1'))).toBe('password');
    expect(await keyring.unlockOffline({ userId: 'u1', password: 'password one two' })).toEqual(device);
    // Damaged storage reads as no copies rather than failing the unlock screen.
    records.set('u1', { ...(records.get('u1') as DeviceRecord), passkeyWrapped: 'nonsense' as unknown as [] });
    expect(passkeyCopiesOf(await keyring.record('u1'))).toEqual([]);

    const id = credential();
    const passkeys = createPasskeyUnlock({ keyring, prf: authenticator(new Map([[id, secret()]])).prf });
    await passkeys.enable({ userId: 'u1', credentialIds: [id] });
    await keyring.signIn({ userId: 'u1', password: 'a new password here', label: 'x' });
    expect(await passkeys.unlockOffline({ userId: 'u1' })).toEqual(device);
    expect(await keyring.unlockOffline({ userId: 'u1', password: 'a new password here' })).toEqual(device);
    // Forgetting the device forgets its passkey copies with it.
    await keyring.forget('u1');
    await expect(passkeys.unlockOffline({ userId: 'u1' })).rejects.toMatchObject({ reason: 'no_passkey' });
  });
});
