import 'server-only';
import { hash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError, zodIssuesToFields } from '@/lib/api/errors';
import { can, type TRole } from '@/lib/auth/permissions';
import { canonicalJson } from '@/lib/canonical-json';
import type { Database, Tx } from '@/lib/db/client';
import { syncClients, syncMutationOutcomes } from '@/lib/db/schema/sync';
import { insertJsonRows } from '@/lib/db/json-rows';
import { withActor } from '@/lib/db/tx';
import { ZSyncUuid } from '../protocol/common';
import type { TMutationEnvelope, TMutationResult, TPushRequest, TPushResponse } from '../protocol/push';
import type { TSyncedTable } from '../protocol/tables';
import { claimSyncClient } from './clients';
import type { RunContext } from './context';
import { EXECUTORS, type Executor } from './executors';
import { pokesSelect } from './notify';
import { assertProtocolVersion } from './protocol-version';
import { newConflictId, recordConflicts, type ConflictRecord } from './record-conflict';
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
 * One transaction for the batch, and within it one *run* per mutation name and practice: the executor
 * decides a run's mutations in JavaScript and writes them with a statement per kind of write (the
 * push budget, DESIGN §8, counts statements). A run may gather mutations that other kinds interrupt
 * in the request (create, create, update, create…) as long as no two kinds in play touch the same
 * entity: their relative order cannot then change any outcome. A mutation that touches an entity
 * another kind in play touched starts a new stage after the current one.
 *
 * The client's last mutation id moves in the same transaction as the effects. A mutation the rules
 * refuse becomes `rejected` and, where the practice is known and the user belongs to it, a
 * `conflicts` row that every device of the practice shows until someone dismisses it. Any other
 * error (the database went away, a bug) aborts the whole batch: nothing commits and the device
 * retries later with backoff — a transient failure must never turn into a refusal.
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
    const batch = createBatch({ tx, actor, clientId: push.clientId, request });
    let last = client.lastMutationId;
    for (const mutation of push.mutations) {
      if (mutation.id <= client.lastMutationId) {
        // A repeat (the answer to an earlier push was lost): the same answer again, no effect —
        // unless the id now carries a different change, which a correct replica never sends.
        const earlier = stored.get(mutation.id);
        batch.answer(
          earlier && earlier.digest !== mutationDigest(mutation)
            ? rejected(mutation.id, new AppError('CONFLICT', 'This change id was already used for a different change.'))
            : (earlier?.result ?? { id: mutation.id, status: 'applied' }),
        );
        continue;
      }
      if (mutation.id !== last + 1) {
        break;
      }
      await batch.add(mutation);
      last = mutation.id;
    }
    const { results, processed, touched } = await batch.finish();
    // The outcomes, the client's last id and the pokes in one statement: the push budget (and a
    // single device's write-to-other-device latency) counts statements.
    const bookkeeping = [
      ...(processed.length > 0
        ? [sql`outcomes as (${insertJsonRows(syncMutationOutcomes, processed.map((entry) => ({ clientId: push.clientId, ...entry })))})`]
        : []),
      sql`client as (update ${syncClients} set "last_mutation_id" = ${last}, "last_push_at" = now() where "id" = ${push.clientId})`,
    ];
    await tx.execute(sql`with ${sql.join(bookkeeping, sql`, `)} ${pokesSelect([...touched].map(([practiceId, version]) => ({ practiceId, version })))}`);
    return { results, lastMutationId: last };
  });
};

/** What identifies a mutation's content: its name, arguments and base versions (not its time). */
export const mutationDigest = (mutation: TMutationEnvelope): string =>
  hash('sha256', canonicalJson([mutation.name, mutation.args, mutation.baseVersions], 'mutation'), 'hex');

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

type Run = {
  executor: Executor;
  practiceId: string;
  role: TRole;
  entries: { slot: number; mutation: TMutationEnvelope; args: unknown; entityId: string | null }[];
};

/**
 * The mutations of one push on their way through: answers in request order (slots); a *stage* of
 * runs (one per name and practice) executed in the order the runs began; refusals recorded as
 * conflicts together at the end (their order among themselves is kept; they depend on nothing else).
 */
const createBatch = ({ tx, actor, clientId, request }: { tx: Tx; actor: SyncActor; clientId: string; request: SyncRequestMeta }) => {
  const allocate = createVersionAllocator(tx);
  const touched = new Map<string, number>();
  const results: TMutationResult[] = [];
  const processed: { mutationId: number; digest: string; result: TMutationResult | null }[] = [];
  const refusals: Omit<ConflictRecord, 'version'>[] = [];
  // The stage: runs by name and practice, and which run touched each entity.
  const runs = new Map<string, Run>();
  const entityRuns = new Map<string, string>();

  const settle = (slot: number, mutation: TMutationEnvelope, result: TMutationResult) => {
    results[slot] = result;
    processed.push({ mutationId: mutation.id, digest: mutationDigest(mutation), result: result.status === 'applied' ? null : result });
  };

  /** Answers `rejected`; records a conflict in the practice, so it is visible on every device there. */
  const refuse = (slot: number, mutation: TMutationEnvelope, error: AppError, where: { practiceId: string | null; args: unknown; entityId: string | null; entity: TSyncedTable }) => {
    settle(slot, mutation, rejected(mutation.id, error));
    if (where.practiceId !== null) {
      refusals.push({
        id: newConflictId(),
        practiceId: where.practiceId,
        entityTable: where.entity,
        entityId: where.entityId,
        reason: 'rejected',
        mutationName: mutation.name,
        clientId,
        mutationId: mutation.id,
        authorUserId: actor.userId,
        mine: (typeof where.args === 'object' && where.args !== null ? where.args : { value: where.args }) as Record<string, unknown>,
        error: { code: error.code, message: error.message },
      });
    }
  };

  const execute = async (current: Run) => {
    const version = await allocate(current.practiceId);
    const context: RunContext = {
      tx,
      userId: actor.userId,
      role: current.role,
      practiceId: current.practiceId,
      version,
      clientId,
      mutationName: current.executor.definition.name,
      request,
    };
    const items = current.entries.map((entry) => ({ args: entry.args as never, mutationId: entry.mutation.id, occurredAt: new Date(entry.mutation.createdAt) }));
    // No savepoint: an executor refuses a mutation by answering `refused` (having written nothing
    // for it); a throw means something no single mutation explains, and aborts the whole push.
    const outcomes = await current.executor.executeRun(context, items);
    current.entries.forEach((entry, index) => {
      const outcome = outcomes[index];
      if (!outcome) {
        throw new Error(`${context.mutationName}: the executor answered ${outcomes.length} of ${items.length} mutations`);
      }
      if (outcome.status === 'refused') {
        refuse(entry.slot, entry.mutation, outcome.error, { practiceId: current.practiceId, args: entry.args, entityId: entry.entityId, entity: current.executor.definition.entity });
        return;
      }
      touched.set(current.practiceId, version);
      settle(
        entry.slot,
        entry.mutation,
        outcome.status === 'applied'
          ? { id: entry.mutation.id, status: 'applied' }
          : { id: entry.mutation.id, status: 'conflict', reason: outcome.reason, conflictId: outcome.conflictId },
      );
    });
  };

  const flush = async () => {
    const stage = [...runs.values()];
    runs.clear();
    entityRuns.clear();
    for (const current of stage) {
      await execute(current);
    }
  };

  /** Whether a mutation can join the stage without changing what any mutation in it sees. */
  const fitsStage = (runKey: string, entityKey: string | null, executor: Executor): boolean => {
    if (runs.size === 0) {
      return true;
    }
    const alone = !executor.independentOfOtherEntities || [...runs.values()].some((run) => !run.executor.independentOfOtherEntities);
    if (alone || entityKey === null) {
      return runs.size === 1 && runs.has(runKey);
    }
    const toucher = entityRuns.get(entityKey);
    return toucher === undefined || toucher === runKey;
  };

  return {
    /** The answer to a repeated mutation (no effect). */
    answer: (result: TMutationResult) => {
      results.push(result);
    },

    add: async (mutation: TMutationEnvelope) => {
      const slot = results.length;
      results.push({ id: mutation.id, status: 'applied' }); // placeholder until settled
      const executor = EXECUTORS.get(mutation.name);
      if (!executor) {
        settle(slot, mutation, rejected(mutation.id, new AppError('BAD_REQUEST', 'This change is not known to the server; update the app.')));
        return;
      }
      const { definition } = executor;
      const parsed = (definition.args as z.ZodType).safeParse(mutation.args);
      if (!parsed.success) {
        const error = new AppError('VALIDATION_FAILED', undefined, { fields: zodIssuesToFields(parsed.error.issues) });
        refuse(slot, mutation, error, { practiceId: practiceOfRawArgs(mutation.args, actor), args: mutation.args, entityId: null, entity: definition.entity });
        return;
      }
      const args = parsed.data as never;
      const practiceId = definition.practiceIdOf(args);
      const entityId = definition.entityIdOf(args);
      const membership = actor.memberships.find((m) => m.practiceId === practiceId);
      if (!membership) {
        // Not a member (any more): nothing can be recorded in a practice the user cannot see.
        settle(slot, mutation, rejected(mutation.id, new AppError('NOT_FOUND')));
        return;
      }
      if (!can(membership.role, definition.permission)) {
        refuse(slot, mutation, new AppError('FORBIDDEN'), { practiceId, args, entityId, entity: definition.entity });
        return;
      }
      const runKey = `${definition.name}\u0000${practiceId}`;
      const entityKey = entityId === null ? null : `${definition.entity}\u0000${entityId.toLowerCase()}`;
      if (!fitsStage(runKey, entityKey, executor)) {
        await flush(); // what came before must happen first
      }
      const run = runs.get(runKey) ?? { executor, practiceId, role: membership.role, entries: [] };
      runs.set(runKey, run);
      run.entries.push({ slot, mutation, args, entityId });
      if (entityKey !== null) {
        entityRuns.set(entityKey, runKey);
      }
    },

    finish: async () => {
      await flush();
      if (refusals.length > 0) {
        const records: ConflictRecord[] = [];
        for (const refusal of refusals) {
          const version = await allocate(refusal.practiceId);
          touched.set(refusal.practiceId, version);
          records.push({ ...refusal, version });
        }
        await recordConflicts(tx, records);
      }
      // Outcomes are stored in mutation order (settle ran run by run).
      processed.sort((a, b) => a.mutationId - b.mutationId);
      return { results, processed, touched };
    },
  };
};
