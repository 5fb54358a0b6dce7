// GET /api/v1/devices – the signed-in person's devices (browser copies of practice data)
// POST /api/v1/devices – register this browser's device and receive its unlock secret
import { apiRoute } from '@/lib/api/route';
import { getDatabase } from '@/lib/db/client';
import { installationSecret } from '@/lib/domain/devices/device-secret';
import { listDevices, registerDevice } from '@/lib/domain/devices/devices';
import { ZRegisterDevice } from '@/lib/domain/devices/schemas';

export const dynamic = 'force-dynamic';

export const GET = apiRoute({ route: '/api/v1/devices', auth: 'session' }, async ({ session }) => ({
  devices: await listDevices({ database: await getDatabase(), actor: session }),
}));

export const POST = apiRoute({ route: '/api/v1/devices', auth: 'session', body: ZRegisterDevice }, async ({ body, session, meta }) =>
  registerDevice({ database: await getDatabase(), actor: session, device: body, request: meta, authSecret: await installationSecret() }),
);
