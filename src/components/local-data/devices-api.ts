import { readApiError, type TApiError } from '@/lib/api/read-api-error';
import type { DeviceSummary } from '@/lib/domain/devices/devices';

/*
 * The person's devices over the REST API (issue #6 §5): GET /api/v1/devices and
 * POST /api/v1/devices/[deviceId]/revoke, same origin with the session cookie. Errors come back
 * typed (parseApiError), a network failure as one plain sentence, so callers have one code path.
 */

export type { DeviceSummary };

export type DevicesApiResult<T> = { ok: true; value: T } | { ok: false; error: TApiError };

const UNREACHABLE: TApiError = { code: 'INTERNAL', message: 'The server could not be reached. Check the connection and try again.', requestId: '' };

const call = async <T>(url: string, method: 'GET' | 'POST'): Promise<DevicesApiResult<T>> => {
  let response: Response;
  try {
    // No cache: the list must show a revocation made a moment ago.
    response = await fetch(url, { method, credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } });
  } catch {
    return { ok: false, error: UNREACHABLE };
  }
  if (!response.ok) {
    return { ok: false, error: await readApiError(response) };
  }
  return { ok: true, value: (await response.json()) as T };
};

/** The signed-in person's devices, newest first, revoked ones included. */
export const fetchDevices = () => call<{ devices: DeviceSummary[] }>('/api/v1/devices', 'GET');

/** Revokes one of the person's devices; it deletes its copy of the data at its next contact. */
export const revokeDevice = (deviceId: string) => call<{ revoked: boolean }>(`/api/v1/devices/${encodeURIComponent(deviceId)}/revoke`, 'POST');
