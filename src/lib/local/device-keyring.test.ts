import { describe, expect, it } from 'vitest';
import { createDeviceKeyring, DeviceRevokedError, isSharedDevice, offlineUnlockOf, type DeviceRecord } from './device-keyring';
import { KeyUnwrapError } from './key-wrap';

/*
 * The rules of device keys, with an in-memory record store and a fake server that keeps one secret
 * per device and can revoke it (the real server: tests/integration/devices). The real PBKDF2 cost
 * (600k iterations) runs a few times per test.
 */

class Revoked extends Error {}

const setup = () => {
  const records = new Map<string, DeviceRecord>();
  const secrets = new Map<string, string>();
  const revoked = new Set<string>();
  const calls: string[] = [];
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
        calls.push(`register ${deviceId}`);
        const secret = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
        secrets.set(deviceId, secret);
        return { secret };
      },
      unlock: async (deviceId) => {
        calls.push(`unlock ${deviceId}`);
        if (revoked.has(deviceId)) {
          throw new Revoked();
        }
        const secret = secrets.get(deviceId);
        if (!secret) {
          throw new Error('unknown device');
        }
        return { secret };
      },
    },
    isRevoked: (error) => error instanceof Revoked,
  });
  return { keyring, records, revoked, calls };
};

describe('device keyring', () => {
  it('creates a device at the first sign-in and opens the same key online and offline afterwards', async () => {
    const { keyring, records } = setup();
    const first = await keyring.signIn({ userId: 'u1', password: 'correct horse battery', label: 'Chrome on Linux' });
    expect(first.keyHex).toMatch(/^[0-9a-f]{64}$/);
    expect(first.fileName).toMatch(/^op-[0-9a-f]{16}\.db$/);
    expect(JSON.stringify(records.get('u1'))).not.toContain(first.keyHex);

    expect(await keyring.openOnline({ userId: 'u1', label: 'x' })).toEqual({ device: first, registered: false });
    expect(await keyring.unlockOffline({ userId: 'u1', password: 'correct horse battery' })).toEqual(first);
    expect(await keyring.signIn({ userId: 'u1', password: 'correct horse battery', label: 'Chrome on Linux' })).toEqual(first);
  });

  it('takes a changed password at the next sign-in: the old one no longer opens the database offline', async () => {
    const { keyring } = setup();
    const first = await keyring.signIn({ userId: 'u1', password: 'first password one', label: 'x' });
    await keyring.signIn({ userId: 'u1', password: 'second password two', label: 'x' });
    await expect(keyring.unlockOffline({ userId: 'u1', password: 'first password one' })).rejects.toBeInstanceOf(KeyUnwrapError);
    expect((await keyring.unlockOffline({ userId: 'u1', password: 'second password two' }))?.keyHex).toBe(first.keyHex);
  });

  it('keeps people apart on one browser, and answers null where a person has no device', async () => {
    const { keyring } = setup();
    const a = await keyring.signIn({ userId: 'a', password: 'password of a', label: 'x' });
    const b = await keyring.signIn({ userId: 'b', password: 'password of b', label: 'x' });
    expect(a.fileName).not.toBe(b.fileName);
    expect(a.keyHex).not.toBe(b.keyHex);
    await expect(keyring.unlockOffline({ userId: 'a', password: 'password of b' })).rejects.toBeInstanceOf(KeyUnwrapError);
        expect(await keyring.unlockOffline({ userId: 'nobody', password: 'x' })).toBeNull();
  });

  it('on a revoked device throws DeviceRevokedError with the file to wipe, forgets it, and the next sign-in starts a new device', async () => {
    const { keyring, revoked, records } = setup();
    const first = await keyring.signIn({ userId: 'u1', password: 'password one two', label: 'x' });
    revoked.add(first.deviceId);
    const error = await keyring.openOnline({ userId: 'u1', label: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeviceRevokedError);
    expect((error as DeviceRevokedError).record.fileName).toBe(first.fileName);
    expect(records.has('u1')).toBe(false);
    const next = await keyring.signIn({ userId: 'u1', password: 'password one two', label: 'x' });
    expect(next.deviceId).not.toBe(first.deviceId);
    expect(next.fileName).not.toBe(first.fileName);
  });

  it('does not forget the device on a failure that is not a revocation (offline, server down)', async () => {
    const { keyring, records, calls } = setup();
    await keyring.signIn({ userId: 'u1', password: 'password one two', label: 'x' });
    records.set('u1', { ...(records.get('u1') as DeviceRecord), deviceId: 'unknown-to-server' });
    await expect(keyring.openOnline({ userId: 'u1', label: 'x' })).rejects.toThrow('unknown device');
    expect(records.has('u1')).toBe(true);
    expect(calls.at(-1)).toBe('unlock unknown-to-server');
  });

  it('opens a device online without a password (server copy only); the next password sign-in adds the offline copy', async () => {
    const { keyring, records, calls } = setup();
    const opened = await keyring.openOnline({ userId: 'u1', label: 'Chrome on Linux' });
    expect(opened.registered).toBe(true);
    expect(records.get('u1')?.passwordWrapped).toBeNull();
    expect(calls).toEqual([`register ${opened.device.deviceId}`]);
    // Not unlockable offline until a password sign-in wrapped the key with the password.
    await expect(keyring.unlockOffline({ userId: 'u1', password: 'password one two' })).rejects.toBeInstanceOf(KeyUnwrapError);

    expect(await keyring.openOnline({ userId: 'u1', label: 'Chrome on Linux' })).toEqual({ device: opened.device, registered: false });
    expect(await keyring.signIn({ userId: 'u1', password: 'password one two', label: 'x' })).toEqual(opened.device);
    expect(records.get('u1')?.passwordWrapped?.kind).toBe('password');
    expect(await keyring.unlockOffline({ userId: 'u1', password: 'password one two' })).toEqual(opened.device);
  });

  it('openOnline on a revoked device throws DeviceRevokedError and forgets it; the next call registers a new device', async () => {
    const { keyring, revoked, records } = setup();
    const { device } = await keyring.openOnline({ userId: 'u1', label: 'x' });
    revoked.add(device.deviceId);
    await expect(keyring.openOnline({ userId: 'u1', label: 'x' })).rejects.toBeInstanceOf(DeviceRevokedError);
    expect(records.has('u1')).toBe(false);
    const next = await keyring.openOnline({ userId: 'u1', label: 'x' });
    expect(next.registered).toBe(true);
    expect(next.device.deviceId).not.toBe(device.deviceId);
  });

  it('remembers a shared computer from the sign-in that said so, and the next sign-in replaces it', async () => {
    const { keyring, records } = setup();
    const device = await keyring.signIn({ userId: 'u1', password: 'password one two', label: 'x', shared: true });
    expect(isSharedDevice(await keyring.record('u1'))).toBe(true);
    // Same device and key: saying "shared" changes what sign-out does, not which database this is.
    expect(await keyring.signIn({ userId: 'u1', password: 'password one two', label: 'x' })).toEqual(device);
    expect(records.get('u1')?.shared).toBe(false);
    await keyring.signIn({ userId: 'u1', password: 'password one two', label: 'x', shared: true });
    expect(isSharedDevice(records.get('u1') ?? null)).toBe(true);
  });

  it('remembers a shared computer at a passkey sign-in, registering the device (online copy only) when there is none', async () => {
    const { keyring, records, calls } = setup();
    await keyring.rememberShared({ userId: 'u1', label: 'x', shared: true });
    const record = records.get('u1');
    expect(record?.shared).toBe(true);
    expect(record?.passwordWrapped).toBeNull();
    expect(calls).toEqual([`register ${record?.deviceId}`]);
    // The app then opens that device, not a second one.
    const opened = await keyring.openOnline({ userId: 'u1', label: 'x' });
    expect(opened.registered).toBe(false);
    expect(opened.device.deviceId).toBe(record?.deviceId);
    await keyring.rememberShared({ userId: 'u1', label: 'x', shared: false });
    expect(isSharedDevice(records.get('u1') ?? null)).toBe(false);
  });

  it('reads a record written before the shared flag existed as not shared, and still opens it', async () => {
    const { keyring, records } = setup();
    const device = await keyring.signIn({ userId: 'u1', password: 'password one two', label: 'x' });
    const { shared: _dropped, ...old } = records.get('u1') as DeviceRecord;
    records.set('u1', old);
    expect('shared' in (records.get('u1') as object)).toBe(false);
    expect(isSharedDevice(await keyring.record('u1'))).toBe(false);
    expect(await keyring.unlockOffline({ userId: 'u1', password: 'password one two' })).toEqual(device);
    expect((await keyring.openOnline({ userId: 'u1', label: 'x' })).device).toEqual(device);
  });

  it('tells the unlock screen what this browser offers offline: a password, online only, or no device', async () => {
    const { keyring } = setup();
    expect(offlineUnlockOf(await keyring.record('u1'))).toBe('no_device');
    await keyring.openOnline({ userId: 'u1', label: 'x' });
    expect(offlineUnlockOf(await keyring.record('u1'))).toBe('online_only');
    await keyring.signIn({ userId: 'u1', password: 'password one two', label: 'x' });
    expect(offlineUnlockOf(await keyring.record('u1'))).toBe('password');
  });
});
