import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import type { RequestMeta } from '@/lib/api/route';
import { appendAudit } from '@/lib/audit/append-audit';
import type { Database, Tx } from '@/lib/db/client';
import { syncClients } from '@/lib/db/schema/sync';
import { withActor } from '@/lib/db/tx';
import { deriveDeviceSecret } from './device-secret';
import type { TRegisterDevice } from './schemas';

/*
 * A person's devices (issue #6 §5). A device is the browser profile holding an encrypted copy of
 * the practice's data; its id is also its sync client id (`sync_clients`), so revoking it stops its
 * sync at once. Devices belong to a user, not a practice: events go to the installation's audit
 * chain. Row-level security limits every statement to the actor's own devices.
 */

type Actor = { userId: string };

export type DeviceSummary = {
  deviceId: string;
  label: string | null;
  registeredAt: string;
  lastSyncAt: string | null;
  revokedAt: string | null;
};

const audit = (tx: Tx, actor: Actor, request: RequestMeta, action: 'device.registered' | 'device.unlocked' | 'device.revoked', deviceId: string) =>
  appendAudit(tx, {
    practiceId: null,
    actorUserId: actor.userId,
    action,
    severity: action === 'device.unlocked' ? 'info' : 'notice',
    targetType: 'device',
    targetId: deviceId,
    ipAddress: request.ipAddress,
    userAgent: request.userAgent,
    requestId: request.requestId,
  });

/** The device row of this user, locked; null when it is someone else's or unknown (RLS hides both alike). */
const lockOwnDevice = async (tx: Tx, actor: Actor, deviceId: string) => {
  const [row] = await tx
    .select({ id: syncClients.id, revokedAt: syncClients.revokedAt })
    .from(syncClients)
    .where(and(eq(syncClients.id, deviceId), eq(syncClients.userId, actor.userId)))
    .for('update');
  return row ?? null;
};

/**
 * Registers a device (or confirms one registered before: a retry after a lost answer) and answers
 * its secret, base64. An id already used by another user is refused like an unknown one would be
 * for them: 404, revealing nothing. A revoked device cannot come back under the same id.
 */
export const registerDevice = async ({
  database,
  actor,
  device,
  request,
  authSecret,
}: {
  database: Database;
  actor: Actor;
  device: TRegisterDevice;
  request: RequestMeta;
  authSecret: string;
}): Promise<{ deviceId: string; secret: string }> =>
  withActor(database, { userId: actor.userId, practiceIds: [] }, async (tx) => {
    const inserted = await tx
      .insert(syncClients)
      .values({ id: device.deviceId, userId: actor.userId, label: device.label })
      .onConflictDoNothing({ target: syncClients.id })
      .returning({ id: syncClients.id });
    const row = inserted.length > 0 ? { revokedAt: null } : await lockOwnDevice(tx, actor, device.deviceId);
    if (!row) {
      throw new AppError('NOT_FOUND', 'This device id cannot be used.');
    }
    if (row.revokedAt !== null) {
      throw new AppError('DEVICE_REVOKED');
    }
    if (inserted.length > 0) {
      await audit(tx, actor, request, 'device.registered', device.deviceId);
    }
    return { deviceId: device.deviceId, secret: deriveDeviceSecret(authSecret, { userId: actor.userId, deviceId: device.deviceId }).toString('base64') };
  });

/** The secret of one of the actor's devices, to unlock it online; audited (who opened patient data where). */
export const unlockDevice = async ({
  database,
  actor,
  deviceId,
  request,
  authSecret,
}: {
  database: Database;
  actor: Actor;
  deviceId: string;
  request: RequestMeta;
  authSecret: string;
}): Promise<{ secret: string }> =>
  withActor(database, { userId: actor.userId, practiceIds: [] }, async (tx) => {
    const row = await lockOwnDevice(tx, actor, deviceId);
    if (!row) {
      throw new AppError('NOT_FOUND', 'This device is not registered.');
    }
    if (row.revokedAt !== null) {
      throw new AppError('DEVICE_REVOKED');
    }
    await audit(tx, actor, request, 'device.unlocked', deviceId);
    return { secret: deriveDeviceSecret(authSecret, { userId: actor.userId, deviceId }).toString('base64') };
  });

/** The actor's devices, newest first; revoked ones stay listed (when and which). */
export const listDevices = async ({ database, actor }: { database: Database; actor: Actor }): Promise<DeviceSummary[]> =>
  withActor(database, { userId: actor.userId, practiceIds: [] }, async (tx) => {
    const rows = await tx
      .select()
      .from(syncClients)
      .where(eq(syncClients.userId, actor.userId))
      .orderBy(desc(syncClients.createdAt));
    return rows.map((row) => ({
      deviceId: row.id,
      label: row.label,
      registeredAt: row.createdAt.toISOString(),
      lastSyncAt: [row.lastPushAt, row.lastPullAt].filter((at): at is Date => at !== null).sort((a, b) => b.getTime() - a.getTime())[0]?.toISOString() ?? null,
      revokedAt: row.revokedAt?.toISOString() ?? null,
    }));
  });

/**
 * Revokes one of the actor's devices: its sync and unlock answer DEVICE_REVOKED from now on, and the
 * device deletes its database at its next contact. Revoking twice changes nothing the second time.
 */
export const revokeDevice = async ({
  database,
  actor,
  deviceId,
  request,
}: {
  database: Database;
  actor: Actor;
  deviceId: string;
  request: RequestMeta;
}): Promise<{ revoked: boolean }> =>
  withActor(database, { userId: actor.userId, practiceIds: [] }, async (tx) => {
    const row = await lockOwnDevice(tx, actor, deviceId);
    if (!row) {
      throw new AppError('NOT_FOUND', 'This device is not registered.');
    }
    const changed = await tx
      .update(syncClients)
      .set({ revokedAt: new Date() })
      .where(and(eq(syncClients.id, deviceId), isNull(syncClients.revokedAt)))
      .returning({ id: syncClients.id });
    if (changed.length > 0) {
      await audit(tx, actor, request, 'device.revoked', deviceId);
    }
    return { revoked: changed.length > 0 };
  });
