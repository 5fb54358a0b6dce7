import { z } from 'zod';
import { ZClientId, ZCursors, ZProtocolVersion, ZSyncUuid, ZVersion } from './common';
import { ZSyncedTable } from './tables';

/*
 * Pull: a replica asks for what changed in each of its practices since its cursor (DESIGN §5).
 * Changes come in version order per practice; a page ends on a whole version, so a cursor never
 * splits one transaction's changes.
 */

export const DEFAULT_PULL_LIMIT = 1000;
/** The largest page a server answers; replicas ask for it (fewer round trips, same whole-version pages). */
export const MAX_PULL_LIMIT = 5000;

export const ZPullRequest = z.object({
  protocolVersion: ZProtocolVersion,
  clientId: ZClientId,
  /** Practices the replica holds, with the version it has reached (0 for a new replica). */
  cursors: ZCursors,
  limit: z.number().int().positive().max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
});
export type TPullRequest = z.infer<typeof ZPullRequest>;

/**
 * A synced row on the wire: JSON keyed by the server's field names. Its id, practice and version
 * are required (the replica files the row by them); the other fields are the table's
 * (src/lib/sync/client/check-pull-response.ts checks their types per table). Fields this client does
 * not know are kept: a newer server may add columns before the app updates.
 */
export const ZWireRow = z.looseObject({ id: ZSyncUuid, practiceId: ZSyncUuid, version: ZVersion });
export type TWireRow = z.infer<typeof ZWireRow>;

/** A row the replica should hold, as the server has it now (only fields the user's role may read). */
export const ZPutChange = z
  .object({
    op: z.literal('put'),
    practiceId: ZSyncUuid,
    table: ZSyncedTable,
    version: ZVersion,
    row: ZWireRow,
  })
  .refine((change) => change.row.practiceId === change.practiceId, { message: "the row's practice differs from the change's", path: ['row', 'practiceId'] });

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

export const ZPullEnvelope = z.object({
  /**
   * Practices whose cursor was older than tombstone retention (or that the user may no longer
   * read): the replica drops its confirmed rows of these practices, keeps its outbox, and applies
   * the changes below, which restart from version 0.
   */
  resets: z.array(ZSyncUuid),
  /** Practices the user no longer belongs to: the replica removes all of their rows. */
  revoked: z.array(ZSyncUuid),
  /** In version order per practice. */
  changes: z.array(z.unknown()),
  /** The version reached in each practice; the next pull sends these back. */
  cursors: ZCursors,
  /**
   * Each practice's head when the page was read: its current version (`change_seq`), where its
   * cursor stands once the replica has caught up. Optional (added within protocol version 1, see
   * version.ts): a server from before it leaves it out, and a replica then shows progress in rows
   * only. Replicas use it for progress, never to decide what to pull next.
   */
  heads: ZCursors.optional(),
  /** More changes are waiting: pull again at once. */
  hasMore: z.boolean(),
  /**
   * The last of this client's mutations whose effects are included in what the replica now has:
   * pending mutations up to it leave the outbox at rebase.
   */
  lastMutationId: z.number().int().nonnegative(),
});

/**
 * A pull answer. The reference schema; a replica checks answers with the equivalent, faster
 * `parsePullResponse` (src/lib/sync/client/check-pull-response.ts), which also checks each row's
 * fields per table. A test holds the two to the same verdicts.
 */
export const ZPullResponse = ZPullEnvelope.extend({ changes: z.array(ZChange) });
export type TPullResponse = z.infer<typeof ZPullResponse>;
