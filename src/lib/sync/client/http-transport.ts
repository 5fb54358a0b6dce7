import { parseApiError } from '@/lib/api/errors';
import { ZPullResponse, type TPullRequest } from '../protocol/pull';
import { ZPushResponse, type TPushRequest } from '../protocol/push';
import { SyncTransportError, type SyncFailureKind, type SyncTransport } from './transport';

/** The error code of an API answer → what the replicator should do about it. */
const KIND_BY_CODE: Readonly<Record<string, SyncFailureKind>> = {
  UNAUTHENTICATED: 'unauthenticated',
  UPGRADE_REQUIRED: 'upgrade_required',
  FORBIDDEN: 'forbidden',
  RATE_LIMITED: 'rate_limited',
};

/** The sync endpoints over fetch, same origin, session cookie. */
export const createHttpTransport = ({ baseUrl = '', fetchImpl = fetch }: { baseUrl?: string; fetchImpl?: typeof fetch } = {}): SyncTransport => {
  const post = async (path: string, body: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      throw new SyncTransportError('network', 'The server could not be reached.');
    }
    if (!response.ok) {
      const error = parseApiError(await response.json().catch(() => null), response.status);
      const kind = KIND_BY_CODE[error.code] ?? (response.status >= 500 ? 'server' : 'forbidden');
      throw new SyncTransportError(kind, error.message, error.retryAfterSeconds);
    }
    return response.json();
  };
  return {
    push: async (request: TPushRequest) => ZPushResponse.parse(await post('/api/sync/push', request)),
    pull: async (request: TPullRequest) => ZPullResponse.parse(await post('/api/sync/pull', request)),
  };
};
