import { backoffDelayMs } from '@/lib/sync/client/backoff';
import { SYNC_EVENT_NAMES, ZPoke, type TPoke } from '@/lib/sync/protocol/events';
import type { PokeStreamState } from './worker-protocol';

/*
 * The worker's subscription to GET /api/sync/events (issue #6 §2): an EventSource whose pokes say
 * "practice P is at version N". Same origin, so the session cookie goes along.
 *
 * Reconnecting is ours, not EventSource's: on any error the source is closed and opened again after
 * a full-jitter exponential backoff (reset once a stream opens). EventSource's own retry would give
 * up for good on a non-200 answer (a 401 after sign-out, a 502 from a proxy during a deploy) and
 * otherwise retry every few seconds without jitter, so all devices of a clinic would come back in
 * the same second after a server restart. The price is that a new EventSource sends no
 * Last-Event-ID: the server then opens with every practice's head, and the replicator pulls only
 * for practices whose cursor is behind (Replicator.poke), so nothing is pulled twice.
 */

export type PokeStreamOptions = {
  url: string;
  onPoke: (poke: TPoke) => void;
  onState: (state: PokeStreamState) => void;
  /** A connection attempt failed or a stream broke (maybe a signed-out session, maybe the network). */
  onError?: () => void;
  random?: () => number;
  /** Delays between attempts: full jitter up to min(cap, base·2^attempt). */
  baseDelayMs?: number;
  capDelayMs?: number;
  createSource?: (url: string) => EventSource;
};

export type PokeStream = {
  /** Closes the stream and cancels any reconnect. */
  close: () => void;
  /** Reconnects at once when the stream is down (the network is back). */
  reconnectNow: () => void;
};

export const openPokeStream = ({
  url,
  onPoke,
  onState,
  onError,
  random = Math.random,
  baseDelayMs = 1_000,
  capDelayMs = 60_000,
  createSource = (sourceUrl) => new EventSource(sourceUrl),
}: PokeStreamOptions): PokeStream => {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let closed = false;

  const connect = () => {
    timer = undefined;
    const current = createSource(url);
    source = current;
    onState('connecting');
    current.addEventListener('open', () => {
      attempt = 0;
      onState('open');
    });
    current.addEventListener(SYNC_EVENT_NAMES.poke, (event) => {
      if (source !== current) {
        return; // a source already let go
      }
      const parsed = ZPoke.safeParse(parseJson((event as MessageEvent<unknown>).data));
      if (parsed.success) {
        onPoke(parsed.data);
      }
    });
    current.addEventListener('error', () => {
      if (source !== current) {
        return;
      }
      current.close();
      source = undefined;
      scheduleReconnect();
      onError?.();
    });
  };

  const scheduleReconnect = () => {
    if (closed) {
      return;
    }
    onState('connecting');
    timer = setTimeout(connect, backoffDelayMs(attempt, random, { baseMs: baseDelayMs, capMs: capDelayMs }));
    attempt += 1;
  };

  connect();

  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      source?.close();
      source = undefined;
      onState('closed');
    },
    reconnectNow: () => {
      if (closed || source !== undefined) {
        return;
      }
      clearTimeout(timer);
      connect();
    },
  };
};

const parseJson = (data: unknown): unknown => {
  try {
    return typeof data === 'string' ? JSON.parse(data) : null;
  } catch {
    return null;
  }
};
