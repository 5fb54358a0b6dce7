import 'server-only';
import { createHash } from 'node:crypto';
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
    const processed: { mutationId: number; digest: string; result: TMutationResult | null }[] = [];
    const allocate = createVersionAllocator(tx);
    const touched = new Map<string, number>();
    const results: TMutationResult[] = [];
    let last = client.lastMutationId;
    for (const mutation of push.mutations) {
      if (mutation.id <= client.lastMutationId) {
        // A repeat (the answer to an earlier push was lost): the same answer again, no effect —
        // unless the id now carries a different change, which a correct replica never sends.
        const earlier = stored.get(mutation.id);
        results.push(
          earlier && earlier.digest !== mutationDigest(mutation)
            ? rejected(mutation.id, new AppError('CONFLICT', 'This change id was already used for a different change.'))
            : (earlier?.result ?? { id: mutation.id, status: 'applied' }),
        );
        continue;
      }
      if (mutation.id !== last + 1) {
        break;
      }
      const result = await runMutation({ tx, actor, clientId: push.clientId, mutation, request, allocate, touched });
      results.push(result);
      last = mutation.id;
      processed.push({ mutationId: mutation.id, digest: mutationDigest(mutation), result: result.status === 'applied' ? null : result });
    }
    if (processed.length > 0) {
      // One statement for the batch: the push budget counts statements.
      await tx.insert(syncMutationOutcomes).values(processed.map((entry) => ({ clientId: push.clientId, ...entry })));
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

/** What identifies a mutation's content: its name, arguments and base versions (not its time). */
export const mutationDigest = (mutation: TMutationEnvelope): string =>
  createHash('sha256')
    .update(stableJson([mutation.name, mutation.args, mutation.baseVersions]))
    .digest('hex');

/** JSON with object keys sorted, so the same content always has the same digest. */
const stableJson = (value: unknown): string => {
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

const storedOutcomes = async (
  tx: Tx,
  clientId: string,
  ids: number[],
): Promise<Map<number, { digest: string; result: TMutationResult | null }>> => {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await tx
    .select({ mutationId: syncMutationOutcomes.mutationId, digest: syncMutationOutcomes.digest, result: syncMutationOutcomes.result })
    .from(syncMutationOutcomes)
    .where(and(eq(syncMutationOutcomes.clientId, clientId), inArray(syncMutationOutcomes.mutationId, ids)));
  return new Map(rows.map((row) => [row.mutationId, { digest: row.digest, result: row.result as TMutationResult | null }]));
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
