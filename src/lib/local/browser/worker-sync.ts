import { z } from 'zod';
import { zodIssuesToFields } from '@/lib/api/errors';
import { createHttpTransport } from '@/lib/sync/client/http-transport';
import type { LocalStore } from '@/lib/sync/client/local-store';
import { Replicator, type ReplicatorStatus } from '@/lib/sync/client/replicator';
import type { SyncFailureKind } from '@/lib/sync/client/transport';
import { MUTATIONS } from '@/lib/sync/mutations/registry';
import { LocalDbError, toLocalDbError } from './errors';
import { findMutateRequest, recordMutateRequest } from './mutate-requests';
import { openPokeStream, type PokeStream } from './poke-stream';
import type { ReplicaStore } from './worker-database';
import type { LocalSyncStatus, MutateArgs, PokeStreamState } from './worker-protocol';

/*
 * The sync engine in the leader's database worker (issue #6 §2, §6): the Replicator over the
 * worker's store and the HTTP transport (fetch from the worker: same origin, session cookie), kept
 * in sync by pokes from GET /api/sync/events, by the network coming back, and by a periodic sync
 * as a safety net. Its status goes to the page with every change (the leader broadcasts it to the
 * other tabs); the tables a pull or a mutation changes reach the tabs through the store's update
 * hook like any other write (worker-database.ts).
 */

export const SYNC_EVENTS_URL = '/api/sync/events';

/** A sync this often whatever else happens: a lost notification or a stream stalled behind a proxy costs at most this. */
export const SAFETY_SYNC_INTERVAL_MS = 5 * 60 * 1000;

/**
 * How long one sync request may take, answer included. fetch has no timeout of its own, and the
 * replicator runs one sync at a time: a request hanging on a half-dead connection would hold every
 * later sync behind it. Generous, for a 5,000-row page on a slow line.
 */
export const SYNC_REQUEST_TIMEOUT_MS = 60_000;

/**
 * Failures that retrying cannot fix: sync stops until a person acts (signs in again, reloads, is
 * let back in). `revoked` (DEVICE_REVOKED) also means the page must wipe this database.
 */
const STOPS_SYNC: ReadonlySet<SyncFailureKind> = new Set(['unauthenticated', 'forbidden', 'upgrade_required', 'revoked']);

const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

const NOT_STARTED: ReplicatorStatus = {
  phase: 'stopped',
  pending: 0,
  rejected: 0,
  lastSyncedAt: null,
  oldestPendingAt: null,
  error: null,
  progress: null,
};

export type WorkerSyncOptions = {
  /** The open database as a LocalStore; throws `not_open` when it is not. */
  replicaStore: () => ReplicaStore;
  emitStatus: (status: LocalSyncStatus) => void;
  /** navigator.onLine when the worker starts; later changes come through setOnline. */
  initiallyOnline: boolean;
};

type Running = { pokes: PokeStream; safetyTimer: ReturnType<typeof setInterval> };

export const createWorkerSync = ({ replicaStore, emitStatus, initiallyOnline }: WorkerSyncOptions) => {
  let replicator: Replicator | undefined;
  let userId: string | undefined;
  let clientId: string | undefined;
  /** Bumped when a replicator is let go: late statuses of an old one are ignored. */
  let generation = 0;
  /** Aborts the requests of the current replicator when the database closes under it. */
  let abort = new AbortController();
  let replicatorStatus: ReplicatorStatus = NOT_STARTED;
  let running: Running | undefined;
  let starting: Promise<void> | undefined;
  let pokes: PokeStreamState = 'closed';
  let online = initiallyOnline;
  /** The mutate request whose outbox entry is being written (mutates run one at a time). */
  let armed: { requestId: string; appended: boolean } | undefined;
  let mutations: Promise<unknown> = Promise.resolve();

  const status = (): LocalSyncStatus => ({ ...replicatorStatus, running: running !== undefined, online, pokes });
  const emit = () => emitStatus(status());

  /**
   * The store the replicator gets: its one outbox append per mutate also records the request id,
   * in the same transaction (mutate-requests.ts). An append with no request armed means a path
   * that bypasses the request-id check; it fails, and its transaction rolls back, rather than
   * risking a mutation applied twice.
   */
  const requestRecordingStore = (store: ReplicaStore): LocalStore => ({
    transaction: (fn) =>
      store.transaction((tx) =>
        fn({
          ...tx,
          appendOutbox: async (entry) => {
            const request = armed;
            if (request === undefined || request.appended) {
              throw new LocalDbError('internal', 'an outbox entry was written outside a mutate request');
            }
            await tx.appendOutbox(entry);
            await recordMutateRequest(store.connection, { requestId: request.requestId, mutationId: entry.id, now: new Date() });
            request.appended = true;
          },
        }),
      ),
    close: () => store.close(),
  });

  const onReplicatorStatus = (next: ReplicatorStatus) => {
    replicatorStatus = next;
    emit();
    if (running !== undefined && next.error !== null && STOPS_SYNC.has(next.error.kind)) {
      // The replicator reports the error, then settles its phase; stop once it has.
      queueMicrotask(() => {
        if (running !== undefined && replicatorStatus.error !== null && STOPS_SYNC.has(replicatorStatus.error.kind)) {
          stopRunning();
          emit();
        }
      });
    }
  };

  const stopRunning = () => {
    const current = running;
    running = undefined;
    if (current) {
      clearInterval(current.safetyTimer);
      current.pokes.close();
    }
    replicator?.stop();
  };

  const startRunning = async (forUser: string, forClient: string | undefined): Promise<void> => {
    const store = replicaStore();
    stopRunning();
    generation += 1;
    const mine = generation;
    abort.abort();
    abort = new AbortController();
    const detached = abort.signal;
    const opened = await Replicator.open({
      store: requestRecordingStore(store),
      // The registered device id (src/lib/domain/devices): revoking the device stops this replica.
      ...(forClient === undefined ? {} : { clientId: forClient }),
      transport: createHttpTransport({
        fetchImpl: (input, init) => {
          // Aborted on timeout or when the database closes. The timer is not cleared when the
          // headers arrive: it also bounds reading the body, and aborting a finished request does nothing.
          const request = new AbortController();
          const abortRequest = () => request.abort();
          detached.addEventListener('abort', abortRequest, { once: true });
          setTimeout(() => {
            abortRequest();
            detached.removeEventListener('abort', abortRequest);
          }, SYNC_REQUEST_TIMEOUT_MS);
          return fetch(input, { ...init, signal: request.signal });
        },
      }),
      userId: forUser,
      onStatus: (next) => {
        if (mine === generation) {
          onReplicatorStatus(next);
        }
      },
    });
    if (mine !== generation) {
      opened.stop(); // detached while opening
      return;
    }
    replicator = opened;
    replicatorStatus = opened.getStatus();
    running = {
      pokes: openPokeStream({
        url: SYNC_EVENTS_URL,
        onPoke: (poke) => void opened.poke(poke).catch(() => undefined),
        onState: (state) => {
          pokes = state;
          emit();
        },
        // A stream that fails may mean a signed-out session: a sync finds out (and stops on
        // `unauthenticated`). Only when idle: a sync already retrying says enough.
        onError: () => {
          if (replicatorStatus.phase === 'idle') {
            opened.requestSync();
          }
        },
      }),
      safetyTimer: setInterval(() => opened.requestSync(), SAFETY_SYNC_INTERVAL_MS),
    };
    emit();
  };

  const start = async ({ userId: forUser, clientId: forClient }: { userId: string; clientId?: string }, { sync = true } = {}): Promise<LocalSyncStatus> => {
    if (typeof forUser !== 'string' || forUser.length === 0) {
      throw new LocalDbError('invalid_argument', 'startSync needs the signed-in user id');
    }
    if (userId !== undefined && forUser !== userId) {
      // One file per user and installation: another user's sync here is a bug in the page.
      throw new LocalDbError('invalid_argument', 'this local database belongs to another user');
    }
    userId = forUser;
    clientId = forClient ?? clientId;
    if (running === undefined) {
      starting ??= startRunning(forUser, clientId).finally(() => {
        starting = undefined;
      });
      await starting;
      if (sync) {
        replicator?.requestSync();
      }
    }
    return status();
  };

  const applyMutate = async ({ name, args, requestId }: MutateArgs): Promise<number> => {
    if (typeof requestId !== 'string' || !REQUEST_ID.test(requestId)) {
      throw new LocalDbError('invalid_argument', 'a mutate request needs a request id');
    }
    if (typeof name !== 'string' || !MUTATIONS.has(name)) {
      throw new LocalDbError('invalid_argument', 'unknown mutation');
    }
    // A mutate can arrive while the leader's startSync is still opening the replicator.
    await starting?.catch(() => undefined);
    const current = replicator;
    if (current === undefined) {
      throw new LocalDbError('sync_not_started');
    }
    const store = replicaStore();
    try {
      const earlier = await store.transaction(() => findMutateRequest(store.connection, requestId));
      if (earlier !== undefined) {
        return earlier; // applied by this database already (the lost leader's answer never arrived)
      }
      armed = { requestId, appended: false };
      return await current.mutate(name, args);
    } catch (error) {
      if (error instanceof z.ZodError) {
        // Zod's messages and our schemas' never repeat the input (it is patient data).
        throw new LocalDbError('invalid_mutation', undefined, undefined, zodIssuesToFields(error.issues));
      }
      throw toLocalDbError(error);
    } finally {
      armed = undefined;
    }
  };

  return {
    /** Opens the replicator for `userId` (once per worker and user) and starts syncing. */
    start: (args: { userId: string; clientId?: string }) => start(args),

    /** Stops syncing (pokes, timers, retries); a sync already under way finishes. Mutations are still queued. */
    stop: (): LocalSyncStatus => {
      stopRunning();
      emit();
      return status();
    },

    /** Lets go of the database before it closes: requests under way are aborted and their answers ignored. */
    detach: (): void => {
      stopRunning();
      generation += 1;
      abort.abort();
      replicator = undefined;
      replicatorStatus = NOT_STARTED;
    },

    /** Mutations run one at a time, so the request-id check and the write cannot interleave. */
    mutate: (request: MutateArgs): Promise<number> => {
      const next = mutations.then(() => applyMutate(request));
      mutations = next.catch(() => undefined);
      return next;
    },

    syncNow: async (): Promise<LocalSyncStatus> => {
      if (userId === undefined) {
        throw new LocalDbError('sync_not_started');
      }
      if (running === undefined) {
        // Stopped (signed out meanwhile, then signed in again), or its start failed: start again.
        await start({ userId }, { sync: false });
      }
      // Failures are in the status; retrying is the replicator's business.
      await replicator?.sync().catch(() => undefined);
      return status();
    },

    status,

    /** The network came back (or went): sync and reopen the poke stream at once rather than after a backoff. */
    setOnline: (isOnline: boolean): void => {
      online = isOnline;
      emit();
      if (isOnline && running !== undefined) {
        replicator?.requestSync();
        running.pokes.reconnectNow();
      }
    },
  };
};

export type WorkerSync = ReturnType<typeof createWorkerSync>;
