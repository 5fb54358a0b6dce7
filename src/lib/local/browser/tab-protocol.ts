import { isLocalDbErrorShape, type LocalDbErrorShape } from './errors';
import type { LocalVfs } from './names';
import { RELAYED_OPS, type LocalSyncStatus, type RelayedOp, type WorkerOps } from './worker-protocol';

/*
 * Messages between the tabs of one local database, over its BroadcastChannel (same origin only).
 * `v` changes with any incompatible change: a tab still running an older app version ignores the
 * messages of a newer one instead of misreading them (its requests then time out until it reloads).
 */

export const TAB_PROTOCOL_VERSION = 1;

export type RelayedRequest = { [K in RelayedOp]: { op: K; args: WorkerOps[K]['args'] } }[RelayedOp];

type Body =
  /** A new tab asks who leads; the leader announces itself again. */
  | { type: 'hello' }
  /** The database is open in the sender's worker; followers send their requests there. */
  | { type: 'leader'; vfs: LocalVfs }
  | ({ type: 'request'; id: number } & RelayedRequest)
  /** The leader runs the request: if it goes away now, a write's outcome is unknown. */
  | { type: 'accepted'; to: string; id: number }
  | { type: 'response'; to: string; id: number; ok: true; value: unknown }
  | { type: 'response'; to: string; id: number; ok: false; error: LocalDbErrorShape }
  /** Tables a committed write changed. */
  | { type: 'tables'; tables: string[] }
  /** The leader's sync status changed (also sent to a tab that says hello). */
  | { type: 'sync-status'; status: LocalSyncStatus }
  /** Close now: the database is being wiped (the leader deletes it). */
  | { type: 'wipe' };

export type TabMessage = Body & { v: typeof TAB_PROTOCOL_VERSION; from: string };
export type TabMessageBody = Body;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Checks the envelope and the fields each message type is read for; anything else is dropped. */
export const parseTabMessage = (data: unknown): TabMessage | undefined => {
  if (!isObject(data) || data.v !== TAB_PROTOCOL_VERSION || typeof data.from !== 'string') {
    return undefined;
  }
  const message = data as TabMessage;
  switch (message.type) {
    case 'hello':
    case 'wipe':
      return message;
    case 'leader':
      return message.vfs === 'opfs' || message.vfs === 'idb' ? message : undefined;
    case 'request':
      return typeof message.id === 'number' && (RELAYED_OPS as readonly string[]).includes(message.op) && isObject(message.args) ? message : undefined;
    case 'accepted':
      return typeof message.to === 'string' && typeof message.id === 'number' ? message : undefined;
    case 'response':
      return typeof message.to === 'string' && typeof message.id === 'number' && (message.ok || isLocalDbErrorShape(message.error)) ? message : undefined;
    case 'tables':
      return Array.isArray(message.tables) && message.tables.every((table) => typeof table === 'string') ? message : undefined;
    case 'sync-status':
      return isObject(message.status) && typeof message.status.phase === 'string' && typeof message.status.running === 'boolean' ? message : undefined;
    default:
      return undefined;
  }
};
