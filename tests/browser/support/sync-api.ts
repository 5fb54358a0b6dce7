import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { AppError, isAppError } from '@/lib/api/errors';
import type { ApiSession } from '@/lib/api/session';
import type { Database } from '@/lib/db/client';
import { ZPullRequest } from '@/lib/sync/protocol/pull';
import { ZPushRequest } from '@/lib/sync/protocol/push';
import { createSyncEventHub } from '@/lib/sync/server/event-hub';
import { openEventStream } from '@/lib/sync/server/event-stream';
import { processPull } from '@/lib/sync/server/pull';
import { processPush, type SyncActor } from '@/lib/sync/server/push';
import type { TestRoutes } from './server';

/*
 * The sync endpoints for the browser tests, as src/app/api/sync/{push,pull,events} serve them but
 * without Next.js or sign-in: POST /api/sync/push and /api/sync/pull call the real processPush and
 * processPull, GET /api/sync/events the real openEventStream over the real event hub, all on the
 * test's database. The caller is whoever the test says (`actAs`); `signOut` makes every sync
 * request answer 401 UNAUTHENTICATED, as the routes do once a session ended.
 */

const REQUEST_META = { requestId: 'browser-test', ipAddress: '127.0.0.1', userAgent: 'chromium-test' };

export type SyncApi = {
  routes: TestRoutes;
  /** The member every request acts as from now on (a test's own practice and staff). */
  actAs: (actor: SyncActor) => void;
  signOut: () => void;
  signIn: () => void;
  /** Requests answered per path, e.g. `POST /api/sync/push`. */
  requests: () => Readonly<Record<string, number>>;
  /** Failures that were not an expected error answer (a bug in the server code or in this file). */
  unexpectedErrors: () => string[];
  close: () => Promise<void>;
};

const sessionOf = (actor: SyncActor): ApiSession => ({
  userId: actor.userId,
  sessionId: '0190a000-0000-7000-8000-0000000000b1',
  practiceIds: actor.memberships.map((membership) => membership.practiceId),
  memberships: [...actor.memberships],
  twoFactorEnabled: true,
  user: { name: 'Browser Test', email: 'browser-test@clinic.test' },
  idleTimeoutMinutes: 15,
});

const readBody = async (request: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
};

const sendError = (response: ServerResponse, error: AppError) => {
  response.writeHead(error.status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: { code: error.code, message: error.message, requestId: REQUEST_META.requestId } }));
};

export const createSyncApi = async (database: Database): Promise<SyncApi> => {
  const hub = await createSyncEventHub(database);
  let actor: SyncActor | undefined;
  let signedIn = true;
  const counts: Record<string, number> = {};
  const unexpected: string[] = [];
  const streams = new Set<AbortController>();

  const session = (): ApiSession | null => (signedIn && actor ? sessionOf(actor) : null);

  const answerJson = (request: IncomingMessage, response: ServerResponse, work: (actor: SyncActor, body: unknown) => Promise<unknown>) => {
    void (async () => {
      try {
        if (!signedIn || !actor) {
          throw new AppError('UNAUTHENTICATED');
        }
        const result = await work(actor, await readBody(request));
        response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        response.end(JSON.stringify(result));
      } catch (error) {
        if (isAppError(error)) {
          sendError(response, error);
        } else if (error instanceof z.ZodError) {
          sendError(response, new AppError('VALIDATION_FAILED'));
        } else {
          unexpected.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
          sendError(response, new AppError('INTERNAL'));
        }
      }
    })();
  };

  const openStream = (request: IncomingMessage, response: ServerResponse) => {
    const current = session();
    if (!current) {
      sendError(response, new AppError('UNAUTHENTICATED'));
      return;
    }
    const abort = new AbortController();
    streams.add(abort);
    request.on('close', () => abort.abort());
    const lastEventId = request.headers['last-event-id'];
    const stream = openEventStream({
      database,
      hub,
      session: current,
      lastEventId: typeof lastEventId === 'string' ? lastEventId : null,
      recheckSession: () => Promise.resolve(session()),
      signal: abort.signal,
    });
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform' });
    void (async () => {
      const reader = stream.getReader();
      abort.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
      try {
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
          response.write(chunk.value);
        }
      } catch {
        // the client went away
      } finally {
        streams.delete(abort);
        response.end();
      }
    })();
  };

  const routes: TestRoutes = (request, response, url) => {
    const key = `${request.method ?? 'GET'} ${url.pathname}`;
    switch (key) {
      case 'POST /api/sync/push':
        counts[key] = (counts[key] ?? 0) + 1;
        answerJson(request, response, (caller, body) =>
          processPush({ database, actor: caller, push: ZPushRequest.parse(body), request: REQUEST_META }),
        );
        return true;
      case 'POST /api/sync/pull':
        counts[key] = (counts[key] ?? 0) + 1;
        answerJson(request, response, (caller, body) => processPull({ database, actor: caller, pull: ZPullRequest.parse(body) }));
        return true;
      case 'GET /api/sync/events':
        counts[key] = (counts[key] ?? 0) + 1;
        openStream(request, response);
        return true;
      default:
        return false;
    }
  };

  return {
    routes,
    actAs: (next) => {
      actor = next;
      // Streams opened for the previous actor end; their devices reconnect as the new one.
      streams.forEach((stream) => stream.abort());
    },
    signOut: () => {
      signedIn = false;
      streams.forEach((stream) => stream.abort());
    },
    signIn: () => {
      signedIn = true;
    },
    requests: () => ({ ...counts }),
    unexpectedErrors: () => [...unexpected],
    close: async () => {
      streams.forEach((stream) => stream.abort());
      await hub.close();
    },
  };
};
