import 'server-only';
import type { z } from 'zod';
import { AppError, validationError } from '@/lib/api/errors';
import { requirePracticePermission } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { withActor } from '@/lib/db/tx';
import type { ExecuteOutcome } from './context';
import { EXECUTORS } from './executors';
import { queuePokes } from './notify';
import type { SyncActor, SyncRequestMeta } from './push';
import { allocateVersion } from './versions';

export type ExecuteMutationOptions = {
  database: Database;
  actor: SyncActor;
  name: string;
  args: unknown;
  request: SyncRequestMeta;
  /** When it happened; now unless the caller knows better. */
  occurredAt?: Date;
};

/**
 * Runs one mutation for the REST API or a server job: the same executor as a device's push (the
 * one write path, DESIGN §2), in its own transaction. The caller is online, so a refusal is thrown
 * (422, 403, 404, 409 …) instead of being recorded as a conflict; a merge collision still records
 * one and answers `conflict`.
 */
export const executeMutation = async ({ database, actor, name, args, request, occurredAt = new Date() }: ExecuteMutationOptions): Promise<ExecuteOutcome> => {
  const entry = EXECUTORS.get(name);
  if (!entry) {
    throw new AppError('BAD_REQUEST', 'Unknown change.');
  }
  const parsed = (entry.definition.args as z.ZodType).safeParse(args);
  if (!parsed.success) {
    throw validationError(parsed.error);
  }
  const valid = parsed.data as never;
  const practiceId = entry.definition.practiceIdOf(valid);
  const membership = requirePracticePermission(actor, practiceId, entry.definition.permission);
  return withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) => {
    const version = await allocateVersion(tx, practiceId);
    const [outcome] = await entry.executeRun(
      { tx, userId: actor.userId, role: membership.role, practiceId, version, clientId: null, mutationName: name, request },
      [{ args: valid, mutationId: null, occurredAt }],
    );
    if (!outcome) {
      throw new Error(`executeMutation: ${name} returned no outcome`);
    }
    if (outcome.status === 'refused') {
      throw outcome.error;
    }
    await queuePokes(tx, [{ practiceId, version }]);
    return outcome;
  });
};
