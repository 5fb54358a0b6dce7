import { readApiError, type TApiErrorCode } from '@/lib/api/read-api-error';
import type { DeviceServer } from './device-keyring';

/*
 * The keyring's server calls over fetch (same origin, session cookie): POST /api/v1/devices and
 * POST /api/v1/devices/[deviceId]/unlock. A refusal is a DeviceServerError with the API's code, so
 * the keyring can tell DEVICE_REVOKED (wipe) from a network failure or an expired session (keep).
 */

export class DeviceServerError extends Error {
  override name = 'DeviceServerError';
  constructor(
    readonly code: TApiErrorCode,
    readonly status: number,
  ) {
    super(`the device request was refused (${code})`);
  }
}

/** Whether the server said this device is revoked (its database must be wiped). */
export const isDeviceRevoked = (error: unknown): boolean => error instanceof DeviceServerError && error.code === 'DEVICE_REVOKED';

const post = async (url: string, body?: unknown): Promise<{ secret: string }> => {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    // A secret comes back: no cache may keep it.
    cache: 'no-store',
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    throw new DeviceServerError((await readApiError(response)).code, response.status);
  }
  const answer = (await response.json()) as { secret?: unknown };
  if (typeof answer.secret !== 'string') {
    throw new DeviceServerError('INTERNAL', response.status);
  }
  return { secret: answer.secret };
};

export const createFetchDeviceServer = (): DeviceServer => ({
  register: (device) => post('/api/v1/devices', device),
  unlock: (deviceId) => post(`/api/v1/devices/${encodeURIComponent(deviceId)}/unlock`),
});
