import { z } from 'zod';
import { ZClientId, ZCursors, ZProtocolVersion, ZSyncUuid, ZVersion } from './common';
import { ZSyncedTable } from './tables';

/*
 * Pull: a replica asks for what changed in each of its practices since its cursor (DESIGN §5).
 * Changes come in version order per practice; a page ends on a whole version, so a cursor never
 * splits one transaction's changes.
 */

export const DEFAULT_PULL_LIMIT = 1000;
export const MAX_PULL_LIMIT = 5000;

export const ZPullRequest = z.object({
  protocolVersion: ZProtocolVersion,
  clientId: ZClientId,
  /** Practices the replica holds, with the version it has reached (0 for a new replica). */
  cursors: ZCursors,
  limit: z.number().int().positive().max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
});
export type TPullRequest = z.infer<typeof ZPullRequest>;

/** A row the replica should hold, as the server has it now (only fields the user's role may read). */
export const ZPutChange = z.object({
  op: z.literal('put'),
  practiceId: ZSyncUuid,
  table: ZSyncedTable,
  version: ZVersion,
  row: z.record(z.string(), z.unknown()),
});

/** A row the replica must drop: deleted, or no longer in the user's scope (lost access). */
export const ZRemoveChange = z.object({
  op: z.literal('remove'),
  practiceId: ZSyncUuid,
  table: ZSyncedTable,
  version: ZVersion,
  id: ZSyncUuid,
});

export const ZChange = z.discriminatedUnion('op', [ZPutChange, ZRemoveChange]);
export type TChange = z.infer<typeof ZChange>;

export const ZPullResponse = z.object({
  /**
   * Practices whose cursor was older than tombstone retention (or that the user may no longer
   * read): the replica drops its confirmed rows of these practices, keeps its outbox, and applies
   * the changes below, which restart from version 0.
   */
  resets: z.array(ZSyncUuid),
  /** Practices the user no longer belongs to: the replica removes all of their rows. */
  revoked: z.array(ZSyncUuid),
  changes: z.array(ZChange),
  /** The version reached in each practice; the next pull sends these back. */
  cursors: ZCursors,
  /** More changes are waiting: pull again at once. */
  hasMore: z.boolean(),
  /**
   * The last of this client's mutations whose effects are included in what the replica now has:
   * pending mutations up to it leave the outbox at rebase.
   */
  lastMutationId: z.number().int().nonnegative(),
});
export type TPullResponse = z.infer<typeof ZPullResponse>;
