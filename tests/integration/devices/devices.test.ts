import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/lib/db/schema/audit';
import { syncClients } from '@/lib/db/schema/sync';
import { SYNC_PROTOCOL_VERSION } from '@/lib/sync/protocol/version';
import { processPull } from '@/lib/sync/server/pull';
import { processPush } from '@/lib/sync/server/push';
import { seedStaff } from '../../factories/identity';
import { seedPractice } from '../../factories/practices';
import { createAccessHarness, errorCodeOf, listApiRouteFiles, loadRoute, type AccessHarness, type LoadedRoute } from '../access/harness';

/*
 * Devices (issue #6 §5) through their real route modules: registering gives the secret that unlocks
 * the device's database online; the secret is derived, not stored; revoking refuses unlock and every
 * sync request of that device with DEVICE_REVOKED, which the device answers by wiping.
 */

let h: AccessHarness;
const routes = new Map<string, LoadedRoute>();

beforeAll(async () => {
  h = await createAccessHarness();
  for (const loaded of await Promise.all(listApiRouteFiles().filter((file) => file.route.startsWith('/api/v1/devices')).map(loadRoute))) {
    routes.set(loaded.route, loaded);
  }
  expect([...routes.keys()].sort()).toEqual(['/api/v1/devices', '/api/v1/devices/[deviceId]/revoke', '/api/v1/devices/[deviceId]/unlock']);
});
afterAll(async () => {
  await h.dispose();
});

const person = async () => {
  const practice = await seedPractice(h.database);
  const actor = await seedStaff(h.database, practice, 'nurse');
  const { cookie } = await h.mintSession(actor.userId);
  const route = (path: string) => {
    const loaded = routes.get(path);
    if (!loaded) {
      throw new Error(`no route ${path}`);
    }
    return loaded;
  };
  return {
    actor,
    practice,
    register: (body: unknown) => h.call(route('/api/v1/devices'), { method: 'POST', body, cookie }),
    list: () => h.call(route('/api/v1/devices'), { method: 'GET', cookie }),
    unlock: (deviceId: string) => h.call(route('/api/v1/devices/[deviceId]/unlock'), { method: 'POST', params: { deviceId }, cookie }),
    revoke: (deviceId: string) => h.call(route('/api/v1/devices/[deviceId]/revoke'), { method: 'POST', params: { deviceId }, cookie }),
  };
};

const json = async <T>(response: Response, status: number): Promise<T> => {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
};

describe('devices', () => {
  it('registers with a 32-byte secret that unlock repeats, is not stored, and is audited', async () => {
    const me = await person();
    const deviceId = uuidv7();
    const registered = await json<{ deviceId: string; secret: string }>(await me.register({ deviceId, label: 'Chrome on Windows' }), 200);
    expect(Buffer.from(registered.secret, 'base64')).toHaveLength(32);
    // A retry after a lost answer: the same device, the same secret, one registration.
    expect(await json(await me.register({ deviceId, label: 'Chrome on Windows' }), 200)).toEqual(registered);
    expect(await json(await me.unlock(deviceId), 200)).toEqual({ secret: registered.secret });

    const [row] = await h.database.db.select().from(syncClients).where(eq(syncClients.id, deviceId));
    expect(JSON.stringify(row)).not.toContain(registered.secret);
    expect(row).toMatchObject({ userId: me.actor.userId, label: 'Chrome on Windows', revokedAt: null });

    const audited = await h.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.targetId, deviceId), eq(auditLog.actorUserId, me.actor.userId)));
    expect(audited.map((a) => a.action).sort()).toEqual(['device.registered', 'device.unlocked']);
  });

  it('gives each device of each person its own secret, and keeps a device id to its first owner', async () => {
    const [me, colleague] = [await person(), await person()];
    const [a, b] = [uuidv7(), uuidv7()];
    const first = await json<{ secret: string }>(await me.register({ deviceId: a, label: 'Laptop' }), 200);
    const second = await json<{ secret: string }>(await me.register({ deviceId: b, label: 'Tablet' }), 200);
    expect(first.secret).not.toBe(second.secret);
    // An unknown device id, and someone else's: refused alike, and no secret.
    const unknown = await me.unlock(uuidv7());
    expect([unknown.status, await errorCodeOf(unknown)]).toEqual([404, 'NOT_FOUND']);
    const stolen = await colleague.register({ deviceId: a, label: 'Mine now' });
    expect([stolen.status, await errorCodeOf(stolen)]).toEqual([404, 'NOT_FOUND']);
    const foreignUnlock = await colleague.unlock(a);
    expect([foreignUnlock.status, await errorCodeOf(foreignUnlock)]).toEqual([404, 'NOT_FOUND']);
    const foreignRevoke = await colleague.revoke(a);
    expect(foreignRevoke.status).toBe(404);
    const { devices } = await json<{ devices: { deviceId: string; revokedAt: string | null }[] }>(await me.list(), 200);
    expect(devices.map((d) => d.deviceId).sort()).toEqual([a, b].sort());
    expect(devices.every((d) => d.revokedAt === null)).toBe(true);
  });

  it('refuses unlock, registration and every sync request of a revoked device with DEVICE_REVOKED', async () => {
    const me = await person();
    const deviceId = uuidv7();
    await json(await me.register({ deviceId, label: 'Front desk PC' }), 200);
    const actor = { userId: me.actor.userId, memberships: me.actor.memberships };
    const request = { requestId: 'req-devices', ipAddress: '127.0.0.1', userAgent: 'vitest' };
    // Syncing works before…
    await processPull({ database: h.database, actor, pull: { protocolVersion: SYNC_PROTOCOL_VERSION, clientId: deviceId, cursors: {}, limit: 100 } });

    expect(await json(await me.revoke(deviceId), 200)).toEqual({ revoked: true });
    expect(await json(await me.revoke(deviceId), 200)).toEqual({ revoked: false });

    for (const response of [await me.unlock(deviceId), await me.register({ deviceId, label: 'Front desk PC' })]) {
      expect([response.status, await errorCodeOf(response)]).toEqual([403, 'DEVICE_REVOKED']);
    }
    await expect(
      processPush({ database: h.database, actor, push: { protocolVersion: SYNC_PROTOCOL_VERSION, clientId: deviceId, mutations: [] }, request }),
    ).rejects.toMatchObject({ code: 'DEVICE_REVOKED' });
    await expect(
      processPull({ database: h.database, actor, pull: { protocolVersion: SYNC_PROTOCOL_VERSION, clientId: deviceId, cursors: {}, limit: 100 } }),
    ).rejects.toMatchObject({ code: 'DEVICE_REVOKED' });
    const { devices } = await json<{ devices: { deviceId: string; revokedAt: string | null }[] }>(await me.list(), 200);
    expect(devices.find((d) => d.deviceId === deviceId)?.revokedAt).not.toBeNull();
  });

  it('refuses a malformed registration with field errors', async () => {
    const me = await person();
    const response = await me.register({ deviceId: 'not-a-uuid', label: '' });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { fields: { path: string }[] } };
    expect(body.error.fields.map((f) => f.path).sort()).toEqual(['deviceId', 'label']);
  });
});
