import { isAppError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { SyncTransportError, type SyncFailureKind, type SyncTransport } from '@/lib/sync/client/transport';
import { ZPullRequest, ZPullResponse, type TPullResponse } from '@/lib/sync/protocol/pull';
import { ZPushRequest, ZPushResponse, type TPushRequest, type TPushResponse } from '@/lib/sync/protocol/push';
import { processPull } from '@/lib/sync/server/pull';
import { processPush, type SyncActor } from '@/lib/sync/server/push';
import { readableTables } from '@/lib/sync/server/scope';
import { REQUEST } from '../helpers';

/*
 * The wire between a model replica and the real server (processPush / processPull on the real test
 * database), with the faults of issue #5 §6 decided by the model's commands, never by chance, so a
 * seed replays the same run.
 *
 * Faults (one is consumed by each request; `online: false` loses every request):
 * - `request_lost`: the request never reaches the server;
 * - `response_lost`: the server commits, the answer is lost (the device must retry safely);
 * - `duplicate`: the request reaches the server twice at once (a proxy retried it); the device gets
 *   one of the answers;
 * - `restart`: the server dies after executing the whole batch but before COMMIT. See
 *   {@link crashBeforeCommit}.
 * - `delay`: the request is held in the network and the device times out; the model delivers it
 *   later (`deliverLate`), after the device has retried and moved on: a stale, reordered batch.
 */

export const FAULTS = ['request_lost', 'response_lost', 'duplicate', 'restart', 'delay'] as const;
export type Fault = (typeof FAULTS)[number];

export type Wire = {
  online: boolean;
  /** Faults for the next requests of this replica, in order. */
  armed: Fault[];
};

/** A push held in the network, delivered later by the model (answer discarded: the device gave up on it). */
export type HeldPush = { actor: SyncActor; request: TPushRequest };

export type WireLog = {
  /** Pushes the server processed (and committed), in order: results as the server answered. */
  committed: { clientId: string; response: TPushResponse }[];
  /** Anything a pull delivered to a device outside its user's scope (must stay empty). */
  scopeViolations: string[];
  held: HeldPush[];
};

const KIND: Readonly<Record<string, SyncFailureKind>> = {
  UNAUTHENTICATED: 'unauthenticated',
  UPGRADE_REQUIRED: 'upgrade_required',
  FORBIDDEN: 'forbidden',
};

class SimulatedRestart extends Error {
  override name = 'SimulatedRestart';
}

/**
 * The database as a push sees it while the server "restarts": the push transaction runs all of its
 * statements — versions allocated, rows, change log, audit, the client's last mutation id — and then
 * fails instead of committing, so everything rolls back.
 *
 * Real restart semantics this covers: a process killed (or a connection dropped, a failover) at any
 * point before COMMIT leaves PostgreSQL to discard the open transaction, exactly like a ROLLBACK;
 * the device sees a failed request. A crash *after* COMMIT and before the answer is `response_lost`.
 * Failing at the very end is the hardest case of "mid-batch": every write of the batch has happened
 * inside the transaction, so any partial state that could leak would be visible here. The push being
 * one transaction, a crash after mutation k of n is the same rollback with less work done.
 */
export const crashBeforeCommit = (database: Database): Database => {
  const db = new Proxy(database.db, {
    get(target, property, receiver) {
      if (property === 'transaction') {
        return (fn: (tx: unknown) => Promise<unknown>, config?: unknown) =>
          (target.transaction as (f: typeof fn, c?: unknown) => Promise<unknown>).call(
            target,
            async (tx) => {
              await fn(tx);
              throw new SimulatedRestart('server restarted before commit');
            },
            config,
          );
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { ...database, db } as Database;
};

/** The pull answer holds only practices of the actor and tables its role may read there (DESIGN §5 invariant 6). */
const checkScope = (actor: SyncActor, answer: TPullResponse, log: WireLog) => {
  const roles = new Map(actor.memberships.map((m) => [m.practiceId, m.role]));
  for (const change of answer.changes) {
    const role = roles.get(change.practiceId);
    if (role === undefined) {
      log.scopeViolations.push(`${change.table} row of practice ${change.practiceId} (not a member)`);
    } else if (!readableTables(role).includes(change.table)) {
      log.scopeViolations.push(`${change.table} row for role ${role}`);
    }
    if (change.op === 'put' && change.row.practiceId !== change.practiceId) {
      log.scopeViolations.push(`${change.table} row filed under another practice`);
    }
  }
  for (const practiceId of Object.keys(answer.cursors)) {
    if (!roles.has(practiceId)) {
      log.scopeViolations.push(`cursor of practice ${practiceId} (not a member)`);
    }
  }
};

const wireCopy = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const asTransportError = (error: unknown): unknown => {
  if (isAppError(error)) {
    return new SyncTransportError(KIND[error.code] ?? 'server', error.message);
  }
  if (error instanceof SimulatedRestart) {
    return new SyncTransportError('server', error.message);
  }
  return error;
};

export type ModelTransportOptions = { database: Database; actor: SyncActor; wire: Wire; log: WireLog };

/** Runs a push on the server as the HTTP route does: Zod on the way in and out of a JSON wire. */
export const serverPush = async (database: Database, actor: SyncActor, request: TPushRequest, log: WireLog): Promise<TPushResponse> => {
  const response = ZPushResponse.parse(
    wireCopy(await processPush({ database, actor, push: ZPushRequest.parse(wireCopy(request)), request: REQUEST })),
  );
  log.committed.push({ clientId: request.clientId, response });
  return response;
};

/** A replica's transport: the real server behind a wire whose faults the model arms. */
export const createModelTransport = ({ database, actor, wire, log }: ModelTransportOptions): SyncTransport => {
  const nextFault = (): Fault | null => (wire.online ? (wire.armed.shift() ?? null) : 'request_lost');
  const lost = (what: string) => new SyncTransportError('network', what);
  return {
    push: async (request) => {
      const fault = nextFault();
      try {
        switch (fault) {
          case 'request_lost':
            throw lost('request lost');
          case 'delay':
            log.held.push({ actor, request: ZPushRequest.parse(wireCopy(request)) });
            throw lost('request timed out');
          case 'restart':
            await processPush({ database: crashBeforeCommit(database), actor, push: ZPushRequest.parse(wireCopy(request)), request: REQUEST });
            throw new Error('a push on a crashing server committed');
          case 'duplicate': {
            const [, second] = await Promise.all([serverPush(database, actor, request, log), serverPush(database, actor, request, log)]);
            return second;
          }
          case 'response_lost':
            await serverPush(database, actor, request, log);
            throw lost('answer lost');
          case null:
            return await serverPush(database, actor, request, log);
        }
      } catch (error) {
        throw asTransportError(error);
      }
    },
    pull: async (request) => {
      const fault = nextFault();
      try {
        if (fault === 'request_lost' || fault === 'delay' || fault === 'restart') {
          // A pull writes only bookkeeping: losing it before the server, or crashing, is the same to the device.
          throw lost('request lost');
        }
        const run = async () => {
          const answer = ZPullResponse.parse(wireCopy(await processPull({ database, actor, pull: ZPullRequest.parse(wireCopy(request)) })));
          // What the server sent is checked even when the answer is then lost: it left the server.
          checkScope(actor, answer, log);
          return answer;
        };
        if (fault === 'duplicate') {
          await run();
        }
        const answer = await run();
        if (fault === 'response_lost') {
          throw lost('answer lost');
        }
        return answer;
      } catch (error) {
        throw asTransportError(error);
      }
    },
  };
};
