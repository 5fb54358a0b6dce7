import { type z } from 'zod';
import { ZErrorBody, type TApiErrorCode } from '@/lib/api/errors';

/*
 * Errors of the sync endpoints. A whole request that fails answers the API's one typed error body
 * (src/lib/api/errors.ts); a single mutation that fails is a `rejected` result inside a 200 answer
 * (push.ts). What each request-level code means to a replica, and what it does about it:
 */

/** The error body of /api/sync/push, /pull and /events: the API's. */
export const ZSyncErrorBody = ZErrorBody;
export type TSyncErrorBody = z.infer<typeof ZSyncErrorBody>;

export type SyncErrorAction = 'retry' | 'sign_in' | 'reload' | 'wipe' | 'stop';

/**
 * - retry (with backoff): the server or the network failed, or the replica is rate limited;
 * - sign_in: the session ended (signed out, idle timeout, deactivated) — the outbox is kept;
 * - reload: the app is older than the oldest protocol the server accepts (426 UPGRADE_REQUIRED) —
 *   the update is applied and the same outbox is pushed by the new code;
 * - wipe: this device's access was revoked (DEVICE_REVOKED) — the device deletes its database,
 *   outbox included: revoking a device (lost, stolen, a shared computer) is a person's decision
 *   that its copy must go, even with changes that never reached the server;
 * - stop: refused for good (this device id belongs to another user, a malformed request from a
 *   bug) — shown to the person, never retried in a loop.
 */
export const SYNC_ERROR_ACTIONS: Readonly<Partial<Record<TApiErrorCode, SyncErrorAction>>> = {
  INTERNAL: 'retry',
  RATE_LIMITED: 'retry',
  UNAUTHENTICATED: 'sign_in',
  UPGRADE_REQUIRED: 'reload',
  FORBIDDEN: 'stop',
  DEVICE_REVOKED: 'wipe',
  VALIDATION_FAILED: 'stop',
  BAD_REQUEST: 'stop',
  PAYLOAD_TOO_LARGE: 'stop',
};

/** What to do about a request-level error code (unknown codes: stop, and show it). */
export const syncErrorAction = (code: TApiErrorCode): SyncErrorAction => SYNC_ERROR_ACTIONS[code] ?? 'stop';
