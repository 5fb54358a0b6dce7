import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError, isAppError, zodIssuesToFields } from '@/lib/api/errors';
import { can, type TRole } from '@/lib/auth/permissions';
import type { Database, Tx } from '@/lib/db/client';
import { syncClients, syncMutationOutcomes } from '@/lib/db/schema/sync';
import { withActor } from '@/lib/db/tx';
import { ZSyncUuid } from '../protocol/common';
import type { TMutationEnvelope, TMutationResult, TPushRequest, TPushResponse } from '../protocol/push';
import { claimSyncClient } from './clients';
import type { MutationContext } from './context';
import { EXECUTORS } from './executors';
import { queuePokes } from './notify';
import { assertProtocolVersion } from './protocol-version';
import { recordConflict } from './record-conflict';
import { createVersionAllocator } from './versions';

export type SyncActor = {
  userId: string;
  memberships: readonly { practiceId: string; role: TRole }[];
};

export type SyncRequestMeta = { requestId: string | null; ipAddress: string | null; userAgent: string | null };

export type ProcessPushOptions = {
  database: Database;
  actor: SyncActor;
  push: TPushRequest;
  request: SyncRequestMeta;
};

/**
 * Applies a replica's mutations in its order, exactly once each (DESIGN §5 invariants 1–4).
 *
 * One transaction for the batch (one commit instead of hundreds: the push budget), one savepoint
 * per mutation (a refused mutation rolls back alone). The client's last mutation id moves in the
 * same transaction as the effects. A mutation the rules refuse (an AppError) becomes `rejected`
 * and, where the practice is known and the user belongs to it, a `conflicts` row that every device
 * of the practice shows until someone dismisses it. Any other error (the database went away, a
 * bug) aborts the whole batch: nothing commits and the device retries later with backoff — a
 * transient failure must never turn into a refusal.
 *
 * Processing stops at a gap in the ids (a replica must never skip one); the answer then has fewer
 * results than the request and `lastMutationId` says where it stopped.
 */
export const processPush = async ({ database, actor, push, request }: ProcessPushOptions): Promise<TPushResponse> => {
  assertProtocolVersion(push.protocolVersion);
  const practiceIds = actor.memberships.map((m) => m.practiceId);
  return withActor(database, { userId: actor.userId, practiceIds }, async (tx) => {
    const client = await claimSyncClient(tx, { clientId: push.clientId, userId: actor.userId });
    const stored = await storedOutcomes(tx, push.clientId, push.mutations.filter((m) => m.id <= client.lastMutationId).map((m) => m.id));
    const allocate = createVersionAllocator(tx);
    const touched = new Map<string, number>();
    const results: TMutationResult[] = [];
    let last = client.lastMutationId;
    for (const mutation of push.mutations) {
      if (mutation.id <= client.lastMutationId) {
        // A repeat (the answer to an earlier push was lost): the same answer again, no effect.
        results.push(stored.get(mutation.id) ?? { id: mutation.id, status: 'applied' });
        continue;
      }
      if (mutation.id !== last + 1) {
        break;
      }
      const result = await runMutation({ tx, actor, clientId: push.clientId, mutation, request, allocate, touched });
      results.push(result);
      last = mutation.id;
      if (result.status !== 'applied') {
        await tx.insert(syncMutationOutcomes).values({ clientId: push.clientId, mutationId: mutation.id, result });
      }
    }
    await tx
      .update(syncClients)
      .set({ lastMutationId: last, lastPushAt: sql`now()` })
      .where(eq(syncClients.id, push.clientId));
    await queuePokes(
      tx,
      [...touched].map(([practiceId, version]) => ({ practiceId, version })),
    );
    return { results, lastMutationId: last };
  });
};

const storedOutcomes = async (tx: Tx, clientId: string, ids: number[]): Promise<Map<number, TMutationResult>> => {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await tx
    .select({ mutationId: syncMutationOutcomes.mutationId, result: syncMutationOutcomes.result })
    .from(syncMutationOutcomes)
    .where(and(eq(syncMutationOutcomes.clientId, clientId), inArray(syncMutationOutcomes.mutationId, ids)));
  return new Map(rows.map((row) => [row.mutationId, row.result as TMutationResult]));
};

type RunMutationOptions = {
  tx: Tx;
  actor: SyncActor;
  clientId: string;
  mutation: TMutationEnvelope;
  request: SyncRequestMeta;
  allocate: (practiceId: string) => Promise<number>;
  touched: Map<string, number>;
};

const rejected = (id: number, error: AppError): TMutationResult => ({
  id,
  status: 'rejected',
  error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) },
});

/** The practice named by arguments that failed validation, if they name one the user belongs to. */
const practiceOfRawArgs = (args: unknown, actor: SyncActor): string | null => {
  const raw = typeof args === 'object' && args !== null ? (args as { practiceId?: unknown }).practiceId : undefined;
  const parsed = ZSyncUuid.safeParse(raw);
  return parsed.success && actor.memberships.some((m) => m.practiceId === parsed.data) ? parsed.data : null;
};

const runMutation = async ({ tx, actor, clientId, mutation, request, allocate, touched }: RunMutationOptions): Promise<TMutationResult> => {
  const entry = EXECUTORS.get(mutation.name);
  if (!entry) {
    return rejected(mutation.id, new AppError('BAD_REQUEST', 'This change is not known to the server; update the app.'));
  }
  const { definition } = entry;

  /** Records a refusal as a conflict in the practice, so it is visible on every device there. */
  const refuse = async (error: AppError, practiceId: string | null, args: unknown, entityId: string | null) => {
    if (practiceId !== null) {
      const version = await allocate(practiceId);
      await recordConflict({
        tx,
        practiceId,
        version,
        entityTable: definition.entity,
        entityId,
        reason: 'rejected',
        mutationName: mutation.name,
        clientId,
        mutationId: mutation.id,
        authorUserId: actor.userId,
        mine: (typeof args === 'object' && args !== null ? args : { value: args }) as Record<string, unknown>,
        error: { code: error.code, message: error.message },
      });
      touched.set(practiceId, version);
    }
    return rejected(mutation.id, error);
  };

  const parsed = (definition.args as z.ZodType).safeParse(mutation.args);
  if (!parsed.success) {
    const error = new AppError('VALIDATION_FAILED', undefined, { fields: zodIssuesToFields(parsed.error.issues) });
    return refuse(error, practiceOfRawArgs(mutation.args, actor), mutation.args, null);
  }
  const args = parsed.data as never;
  const practiceId = definition.practiceIdOf(args);
  const entityId = definition.entityIdOf(args);
  const membership = actor.memberships.find((m) => m.practiceId === practiceId);
  if (!membership) {
    // Not a member (any more): nothing can be recorded in a practice the user cannot see.
    return rejected(mutation.id, new AppError('NOT_FOUND'));
  }
  if (!can(membership.role, definition.permission)) {
    return refuse(new AppError('FORBIDDEN'), practiceId, args, entityId);
  }
  const version = await allocate(practiceId);
  const context = (savepoint: Tx): MutationContext => ({
    tx: savepoint,
    userId: actor.userId,
    role: membership.role,
    practiceId,
    version,
    clientId,
    mutationId: mutation.id,
    mutationName: mutation.name,
    occurredAt: new Date(mutation.createdAt),
    request,
  });
  try {
    const outcome = await tx.transaction((savepoint) => entry.execute(context(savepoint), args));
    touched.set(practiceId, version);
    return outcome.status === 'applied'
      ? { id: mutation.id, status: 'applied' }
      : { id: mutation.id, status: 'conflict', reason: outcome.reason, conflictId: outcome.conflictId };
  } catch (error) {
    if (isAppError(error)) {
      return refuse(error, practiceId, args, entityId);
    }
    throw error;
  }
};
