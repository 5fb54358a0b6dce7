import { z } from 'zod';

/*
 * The tables that replicate to devices. A table is added here when its issue makes it sync; the
 * server's pull and the client's local schema both switch over this list, so adding one without
 * handling it fails the typecheck (exhaustive switches).
 */
export const SYNCED_TABLES = ['patients', 'conflicts'] as const;
export const ZSyncedTable = z.enum(SYNCED_TABLES);
export type TSyncedTable = z.infer<typeof ZSyncedTable>;
