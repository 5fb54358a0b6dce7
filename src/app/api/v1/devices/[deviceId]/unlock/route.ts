// POST /api/v1/devices/[deviceId]/unlock – the secret that unlocks this device's database while online
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { installationSecret } from '@/lib/domain/devices/device-secret';
import { unlockDevice } from '@/lib/domain/devices/devices';
import { ZDeviceParams } from '@/lib/domain/devices/schemas';

export const dynamic = 'force-dynamic';

// POST, not GET: a secret in an answer that no cache or prefetch should ever keep or repeat.
export const POST = apiRoute({ route: '/api/v1/devices/[deviceId]/unlock', auth: 'session', params: ZDeviceParams }, async ({ params, session, meta }) =>
  unlockDevice({ database: await getDatabase(), actor: session, deviceId: params.deviceId, request: meta, authSecret: await installationSecret() }),
);
