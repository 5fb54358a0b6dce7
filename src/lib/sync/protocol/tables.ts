import { z } from 'zod';

/*
 * The tables that replicate to devices. A table is added here when its issue makes it sync; the
 * server's pull and the client's local schema both switch over this list, so adding one without
 * handling it fails the typecheck (exhaustive switches).
 */
export const SYNCED_TABLES = [
  'patients',
  'conflicts',
  // Scheduling (issue #7): the set-up first, so a page that brings an appointment brings what it names.
  'locations',
  'rooms',
  'providers',
  'appointment_types',
  'working_hours',
  'schedule_exceptions',
  'holidays',
  'appointment_series',
  'appointments',
  'waitlist_entries',
] as const;
export const ZSyncedTable = z.enum(SYNCED_TABLES);
export type TSyncedTable = z.infer<typeof ZSyncedTable>;

/**
 * The protocol version that introduced each table (src/lib/sync/protocol/version.ts): an older
 * client is never sent a table it does not know.
 */
export const TABLE_SINCE_PROTOCOL: Readonly<Record<TSyncedTable, number>> = {
  patients: 1,
  conflicts: 1,
  locations: 2,
  rooms: 2,
  providers: 2,
  appointment_types: 2,
  working_hours: 2,
  schedule_exceptions: 2,
  holidays: 2,
  appointment_series: 2,
  appointments: 2,
  waitlist_entries: 2,
};
