import 'server-only';
import type { Database } from '@/lib/db/client';
import { getDatabase } from '@/lib/db/client';
import { getLogger } from '@/lib/observability/logger';
import { ZPoke, type TPoke } from '../protocol/events';
import { SYNC_CHANNEL } from './notify';

/*
 * One LISTEN per process, fanned out to the event streams of that process (DESIGN §1 realtime).
 * Writers NOTIFY inside their transaction (notify.ts), so every instance behind a load balancer
 * hears every commit: PostgreSQL delivers to each listening connection, PGlite in-process.
 */

type Listener = (poke: TPoke) => void;

export type SyncEventHub = {
  /** Calls `listener` with each poke of one of `practiceIds`; returns the unsubscribe function. */
  subscribe: (practiceIds: () => readonly string[], listener: Listener) => () => void;
  close: () => Promise<void>;
};

/** Reconnect delay after the listening connection to PostgreSQL is lost. */
const RELISTEN_DELAY_MS = 1_000;

export const createSyncEventHub = async (database: Database): Promise<SyncEventHub> => {
  const listeners = new Set<{ practiceIds: () => readonly string[]; listener: Listener }>();
  const deliver = (payload: string) => {
    const parsed = ZPoke.safeParse(safeJson(payload));
    if (!parsed.success) {
      return;
    }
    for (const entry of listeners) {
      if (entry.practiceIds().includes(parsed.data.practiceId)) {
        entry.listener(parsed.data);
      }
    }
  };

  let stop: () => Promise<void>;
  if (database.driver === 'pglite') {
    stop = await database.client.listen(SYNC_CHANNEL, deliver);
  } else {
    let closed = false;
    let release: (() => void) | undefined;
    const listen = async (): Promise<void> => {
      const client = await database.pool.connect();
      release = () => client.release(true);
      client.on('notification', (message) => {
        if (message.channel === SYNC_CHANNEL && message.payload) {
          deliver(message.payload);
        }
      });
      client.on('error', (error) => {
        // The connection died (server restart, failover): listen again on a fresh one. Pokes sent
        // meanwhile are lost, which the replicas' periodic pull covers.
        getLogger().warn({ err: error }, 'sync events: listening connection lost; listening again');
        release?.();
        if (!closed) {
          setTimeout(() => void listen().catch(() => undefined), RELISTEN_DELAY_MS);
        }
      });
      await client.query(`LISTEN ${SYNC_CHANNEL}`);
    };
    await listen();
    stop = async () => {
      closed = true;
      release?.();
    };
  }

  return {
    subscribe: (practiceIds, listener) => {
      const entry = { practiceIds, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    close: () => stop(),
  };
};

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

const store = globalThis as typeof globalThis & { __openpracticeSyncHub?: Promise<SyncEventHub> };

/** The process's hub on the process database, started on first use (kept on globalThis, like the database). */
export const getSyncEventHub = (): Promise<SyncEventHub> => {
  const current = store.__openpracticeSyncHub;
  if (current) {
    return current;
  }
  const starting = getDatabase().then(createSyncEventHub);
  store.__openpracticeSyncHub = starting;
  starting.catch(() => {
    if (store.__openpracticeSyncHub === starting) {
      store.__openpracticeSyncHub = undefined;
    }
  });
  return starting;
};
