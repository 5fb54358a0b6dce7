import { z } from 'zod';
import { ZApiFieldError } from '@/lib/api/errors';
import { ZClientId, ZProtocolVersion, ZSyncUuid, ZVersion } from './common';

/*
 * Push: a replica sends its pending mutations, oldest first (DESIGN §5).
 *
 * Exactly once (invariant 2): a mutation is identified by (clientId, id), where `id` is the
 * replica's own sequence number, 1, 2, 3… without gaps. The server keeps the last id it applied
 * for each client in the same transaction as the mutation's effect, skips ids at or below it (a
 * retried batch after a lost answer), and refuses a gap (a replica must never skip a mutation:
 * invariant 3, in order).
 */

/** Batches are bounded so one request stays small; a replica with more pushes again. */
export const MAX_MUTATIONS_PER_PUSH = 500;

/** A mutation name: `module.verb`, as registered on both sides (e.g. `patients.update`). */
export const ZMutationName = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, { error: 'expected a name such as patients.update' });

/** One named intent, as the replica recorded it. `args` are validated by the mutation's own schema. */
export const ZMutationEnvelope = z.object({
  /** The replica's sequence number of this mutation (1-based, no gaps). */
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  name: ZMutationName,
  args: z.unknown(),
  /**
   * Versions of the rows the mutation read when it was made (row id → version). The server's
   * conflict rules compare them with the current versions (DESIGN §5, conflict policy).
   */
  baseVersions: z.record(ZSyncUuid, ZVersion).default({}),
  /**
   * When the person did it, by the device's clock. Recorded (e.g. the original time of a chart read
   * made offline, which the audit keeps), never used to order anything.
   */
  createdAt: z.iso.datetime({ offset: true }),
});
export type TMutationEnvelope = z.infer<typeof ZMutationEnvelope>;

export const ZPushRequest = z.object({
  protocolVersion: ZProtocolVersion,
  clientId: ZClientId,
  /** Oldest first, consecutive ids. */
  mutations: z.array(ZMutationEnvelope).min(1).max(MAX_MUTATIONS_PER_PUSH),
});
export type TPushRequest = z.infer<typeof ZPushRequest>;

/** Why the server kept its own value or refused a mutation, for the conflict inbox. */
export const CONFLICT_REASONS = [
  'field_collision',
  'edit_after_delete',
  'delete_after_edit',
  'slot_taken',
  'invalid_transition',
  'note_signed',
  'rejected',
] as const;
export const ZConflictReason = z.enum(CONFLICT_REASONS);
export type TConflictReason = z.infer<typeof ZConflictReason>;

export const ZMutationError = z.object({
  /** An API error code (src/lib/api/errors.ts) or a domain code such as `note_signed`. */
  code: z.string(),
  message: z.string(),
  fields: z.array(ZApiFieldError).optional(),
});

/**
 * The outcome of one mutation:
 * - `applied`: its effect is committed (or was, for a repeat);
 * - `conflict`: it was applied in part or not at all, and a `conflicts` row records both sides for
 *   a person to resolve (it arrives with the next pull);
 * - `rejected`: refused outright (invalid, not allowed); the replica keeps it as a visible
 *   conflict until a person dismisses it (invariant 4: nothing silent).
 */
export const ZMutationResult = z.discriminatedUnion('status', [
  z.object({ id: z.number().int().positive(), status: z.literal('applied') }),
  z.object({
    id: z.number().int().positive(),
    status: z.literal('conflict'),
    reason: ZConflictReason,
    conflictId: ZSyncUuid,
  }),
  z.object({ id: z.number().int().positive(), status: z.literal('rejected'), error: ZMutationError }),
]);
export type TMutationResult = z.infer<typeof ZMutationResult>;

export const ZPushResponse = z.object({
  /**
   * One result per mutation processed, in request order; a repeat gets its first answer again.
   * Processing stops at a gap in the ids, so there may be fewer results than mutations.
   */
  results: z.array(ZMutationResult),
  /** The last mutation id of this client the server has processed. */
  lastMutationId: z.number().int().nonnegative(),
});
export type TPushResponse = z.infer<typeof ZPushResponse>;
