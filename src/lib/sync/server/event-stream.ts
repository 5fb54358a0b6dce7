import 'server-only';
import { inArray } from 'drizzle-orm';
import type { ApiSession } from '@/lib/api/session';
import type { Database } from '@/lib/db/client';
import { practices } from '@/lib/db/schema/practices';
import { withActor } from '@/lib/db/tx';
import { SYNC_EVENT_NAMES, SYNC_HEARTBEAT_SECONDS, type TPoke } from '../protocol/events';
import type { SyncEventHub } from './event-hub';

/** A stream ends after this long; the browser's EventSource reconnects, re-authenticating. */
export const SYNC_STREAM_MAX_SECONDS = 10 * 60;

export type OpenEventStreamOptions = {
  database: Database;
  hub: SyncEventHub;
  session: ApiSession;
  /** `Last-Event-ID` of a reconnecting client: `<practiceId>:<version>`. */
  lastEventId: string | null;
  /** Re-checks the session (idle timeout, sign-out, membership changes) at each heartbeat. */
  recheckSession: () => Promise<ApiSession | null>;
  signal: AbortSignal;
};

const encoder = new TextEncoder();

const pokeEvent = (poke: TPoke) =>
  encoder.encode(`id: ${poke.practiceId}:${poke.version}\nevent: ${SYNC_EVENT_NAMES.poke}\ndata: ${JSON.stringify(poke)}\n\n`);

const parseLastEventId = (value: string | null): TPoke | null => {
  const match = /^([0-9a-f-]{36}):(\d+)$/i.exec(value ?? '');
  return match?.[1] && match[2] ? { practiceId: match[1], version: Number(match[2]) } : null;
};

/**
 * The server-sent event stream of GET /api/sync/events. It opens with the current version of each
 * of the user's practices (a reconnecting client skips the one its Last-Event-ID already names),
 * so a device that missed pokes while disconnected pulls at once; then one poke per commit, a
 * heartbeat every SYNC_HEARTBEAT_SECONDS, and an end after SYNC_STREAM_MAX_SECONDS or as soon as
 * the session is gone. Pokes carry practice ids and numbers, never rows.
 */
export const openEventStream = ({ database, hub, session, lastEventId, recheckSession, signal }: OpenEventStreamOptions) => {
  let practiceIds: readonly string[] = session.practiceIds;
  let cleanup = () => {};
  // False once the stream is closed here or cancelled by the client: nothing more is enqueued.
  let open = true;
  return new ReadableStream<Uint8Array>({
    start: async (controller) => {
      const close = () => {
        if (open) {
          open = false;
          cleanup();
          controller.close();
        }
      };
      const send = (chunk: Uint8Array) => {
        if (open) {
          controller.enqueue(chunk);
        }
      };
      const unsubscribe = hub.subscribe(() => practiceIds, (poke) => send(pokeEvent(poke)));
      const heartbeat = setInterval(() => {
        void (async () => {
          const current = await recheckSession().catch(() => null);
          if (!current) {
            close();
            return;
          }
          practiceIds = current.practiceIds;
          send(encoder.encode(`event: ${SYNC_EVENT_NAMES.heartbeat}\ndata: {}\n\n`));
        })();
      }, SYNC_HEARTBEAT_SECONDS * 1000);
      const lifetime = setTimeout(close, SYNC_STREAM_MAX_SECONDS * 1000);
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(lifetime);
      };
      signal.addEventListener('abort', close, { once: true });

      // Tell EventSource how long to wait before reconnecting, then the current heads.
      send(encoder.encode('retry: 3000\n\n'));
      const seen = parseLastEventId(lastEventId);
      const heads =
        practiceIds.length === 0
          ? []
          : await withActor(database, { userId: session.userId, practiceIds }, (tx) =>
              tx.select({ id: practices.id, version: practices.changeSeq }).from(practices).where(inArray(practices.id, [...practiceIds])),
            );
      for (const head of heads) {
        if (!(seen && seen.practiceId === head.id && seen.version >= head.version)) {
          send(pokeEvent({ practiceId: head.id, version: head.version }));
        }
      }
    },
    cancel: () => {
      open = false;
      cleanup();
    },
  });
};
