import { uuidv7 } from 'uuidv7';
import type { Database } from '@/lib/db/client';
import { SYNC_PROTOCOL_VERSION } from '@/lib/sync/protocol/version';
import type { TMutationEnvelope } from '@/lib/sync/protocol/push';
import { processPull } from '@/lib/sync/server/pull';
import { processPush, type SyncActor } from '@/lib/sync/server/push';

export const REQUEST = { requestId: 'req-sync', ipAddress: '127.0.0.1', userAgent: 'vitest' };

/** A device replica's view of the server protocol, with its own client id and mutation counter. */
export const createTestClient = (database: Database, actor: SyncActor) => {
  const clientId = uuidv7();
  let next = 1;
  return {
    clientId,
    actor,
    /** An envelope with the next id (not sent). */
    envelope: (name: string, args: unknown, baseVersions: Record<string, number> = {}): TMutationEnvelope => ({
      id: next++,
      name,
      args,
      baseVersions,
      createdAt: new Date().toISOString(),
    }),
    push: (mutations: TMutationEnvelope[]) =>
      processPush({ database, actor, push: { protocolVersion: SYNC_PROTOCOL_VERSION, clientId, mutations }, request: REQUEST }),
    pull: (cursors: Record<string, number>, limit = 1000) =>
      processPull({ database, actor, pull: { protocolVersion: SYNC_PROTOCOL_VERSION, clientId, cursors, limit } }),
  };
};
