/*
 * The sync protocol's version (DESIGN §5, CONVENTIONS §11). Shared by the browser and the server:
 * imports nothing.
 *
 * Bump SYNC_PROTOCOL_VERSION when a message changes shape or meaning; raise
 * OLDEST_ACCEPTED_PROTOCOL_VERSION only when the server can no longer answer an older client
 * correctly. A client below it gets a typed `UPGRADE_REQUIRED` answer and keeps its outbox: the
 * update is applied and the same mutations are pushed again by the new code.
 *
 * History (newest first):
 * - 2 (2026-12-07): scheduling — the tables of issue #7 (locations, rooms, providers, appointment
 *   types, working hours, exceptions, holidays, series, appointments, waitlist) and their mutations.
 *   A version-1 client is still served, without those tables (it would refuse rows of a table it
 *   does not know); the served scope includes the version, so once it updates its practices
 *   re-sync and the new tables arrive.
 * - 1 (2026-11-25, later): pull answers may carry `heads` (each practice's version when the page was
 *   read), for initial-sync progress in percent. Additive and optional, so no bump: an older client's
 *   schema drops the unknown field, and a newer client facing an older server shows rows only.
 * - 1 (2026-11-25): first version — push with per-client mutation sequence numbers, pull with
 *   per-practice cursors, removals and resets, server-sent pokes.
 */

/** The version this build speaks. */
export const SYNC_PROTOCOL_VERSION = 2;

/** The oldest client version the server still accepts. */
export const OLDEST_ACCEPTED_PROTOCOL_VERSION = 1;

export type ProtocolVersionVerdict = 'ok' | 'upgrade_required' | 'unknown';

/**
 * How the server treats a client's version: below the oldest accepted → `upgrade_required`;
 * newer than this build (a client updated before the server, during a rolling deploy) →
 * `unknown`, answered like upgrade_required but the client should retry later instead of
 * reloading.
 */
export const checkProtocolVersion = (clientVersion: number): ProtocolVersionVerdict => {
  if (clientVersion < OLDEST_ACCEPTED_PROTOCOL_VERSION) {
    return 'upgrade_required';
  }
  return clientVersion > SYNC_PROTOCOL_VERSION ? 'unknown' : 'ok';
};
