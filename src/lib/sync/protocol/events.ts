import { z } from 'zod';
import { ZSyncUuid, ZVersion } from './common';

/*
 * Server-sent events from GET /api/sync/events: a poke says "practice P is at version N"; the
 * replica pulls if its cursor is behind. Pokes carry no rows, so they leak nothing a pull would
 * not. The SSE `id` of a poke is `<practiceId>:<version>`, so a reconnect with Last-Event-ID can
 * be answered at once for practices that moved on.
 */
export const ZPoke = z.object({ practiceId: ZSyncUuid, version: ZVersion });
export type TPoke = z.infer<typeof ZPoke>;

/** SSE event names. A heartbeat keeps proxies from closing an idle stream. */
export const SYNC_EVENT_NAMES = { poke: 'poke', heartbeat: 'heartbeat' } as const;

/** How often the server sends a heartbeat on an idle stream. */
export const SYNC_HEARTBEAT_SECONDS = 25;
