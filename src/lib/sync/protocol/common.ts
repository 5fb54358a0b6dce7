import { z } from 'zod';

/*
 * Field schemas shared by every sync message. Browser-safe: Zod only.
 */

/** A UUID (ids are UUIDv7, born where the record is born — on devices too). */
export const ZSyncUuid = z.uuid({ error: 'expected a UUID' });

/**
 * A device replica's id: one per local database (a browser profile's OPFS database, a Node test
 * replica), not per tab — the leader tab pushes for all tabs.
 */
export const ZClientId = ZSyncUuid;

/**
 * A practice-scoped version: a value of `practices.change_seq` (DESIGN §5 invariant 1). Plain
 * numbers: a practice would need 2^53 changes to overflow them.
 */
export const ZVersion = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Per-practice pull cursors: the highest version of each practice a replica has applied. */
export const ZCursors = z.record(ZSyncUuid, ZVersion);
export type TCursors = z.infer<typeof ZCursors>;

/** The protocol version a message is written in (see version.ts). */
export const ZProtocolVersion = z.number().int().positive();
