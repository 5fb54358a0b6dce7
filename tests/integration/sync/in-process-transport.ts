import { isAppError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { SyncTransportError, type SyncFailureKind, type SyncTransport } from '@/lib/sync/client/transport';
import { parsePullResponse } from '@/lib/sync/client/check-pull-response';
import { ZPullRequest } from '@/lib/sync/protocol/pull';
import { ZPushRequest, ZPushResponse } from '@/lib/sync/protocol/push';
import { processPullText } from '@/lib/sync/server/pull';
import { processPush, type SyncActor } from '@/lib/sync/server/push';
import { REQUEST } from './helpers';

/**
 * Faults a network can cause, each decided per request:
 * - `offline`: the request never reaches the server;
 * - `lostAnswer`: the server does the work, the answer is lost (the device must retry safely);
 * - `duplicate`: the request arrives twice (a proxy retried it).
 */
export type Faults = { offline?: () => boolean; lostAnswer?: () => boolean; duplicate?: () => boolean };

const KIND: Readonly<Record<string, SyncFailureKind>> = {
  UNAUTHENTICATED: 'unauthenticated',
  UPGRADE_REQUIRED: 'upgrade_required',
  FORBIDDEN: 'forbidden',
};

/**
 * The real server code (processPush / processPullText on a real database) behind the replicator's
 * transport interface, with the wire in between simulated by a JSON round trip and the same parsing
 * on both sides as the HTTP routes and the HTTP transport do.
 */
export const createInProcessTransport = (database: Database, actor: () => SyncActor, faults: Faults = {}): SyncTransport & { calls: number } => {
  const state = { calls: 0 };
  const wire = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    state.calls += 1;
    if (faults.offline?.()) {
      throw new SyncTransportError('network', 'offline');
    }
    try {
      if (faults.duplicate?.()) {
        await work();
      }
      const result = await work();
      if (faults.lostAnswer?.()) {
        throw new SyncTransportError('network', 'answer lost');
      }
      return result;
    } catch (error) {
      if (isAppError(error)) {
        throw new SyncTransportError(KIND[error.code] ?? 'server', error.message);
      }
      throw error;
    }
  };
  return {
    get calls() {
      return state.calls;
    },
    push: (request) =>
      call(async () =>
        ZPushResponse.parse(wire(await processPush({ database, actor: actor(), push: ZPushRequest.parse(wire(request)), request: REQUEST }))),
      ),
    // The server answers a pull with JSON text (the route's body); the device parses and checks it
    // as the HTTP transport does.
    pull: (request) =>
      call(async () =>
        parsePullResponse(JSON.parse(await processPullText({ database, actor: actor(), pull: ZPullRequest.parse(wire(request)) }))),
      ),
  };
};
