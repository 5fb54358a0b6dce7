import type { TPullRequest, TPullResponse } from '../protocol/pull';
import type { TPushRequest, TPushResponse } from '../protocol/push';

/**
 * How the replicator reaches the server: HTTP in the app, in-process in tests and benchmarks. A pull
 * answer must be checked before it is returned (`parsePullResponse` in ./check-pull-response.ts):
 * the replicator writes its rows to the device database as they are.
 */
export type SyncTransport = {
  push: (request: TPushRequest) => Promise<TPushResponse>;
  pull: (request: TPullRequest) => Promise<TPullResponse>;
};

/**
 * Why a sync request failed, as the replicator acts on it:
 * - `network`, `server`, `rate_limited`: transient → retry with backoff;
 * - `unauthenticated`: signed out or idle-locked → wait for a new session;
 * - `upgrade_required`: this app is too old → stop and ask to reload (the outbox is kept);
 * - `forbidden`: this device may not sync for this user → stop;
 * - `revoked`: this device's access was revoked → stop; the app deletes the local database.
 */
export type SyncFailureKind = 'network' | 'server' | 'rate_limited' | 'unauthenticated' | 'upgrade_required' | 'forbidden' | 'revoked';

export class SyncTransportError extends Error {
  override name = 'SyncTransportError';
  constructor(
    readonly kind: SyncFailureKind,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Transient failures are retried; the others need a person or a new session. */
export const isTransient = (kind: SyncFailureKind): boolean => kind === 'network' || kind === 'server' || kind === 'rate_limited';
