import { can, type TPermission, type TRole } from '@/lib/auth/permissions';
import { SYNCED_TABLES, TABLE_SINCE_PROTOCOL, type TSyncedTable } from '../protocol/tables';
import { SYNC_PROTOCOL_VERSION } from '../protocol/version';

/*
 * What a role's replica may hold (DESIGN §5 invariant 6). A device only ever receives rows its user
 * may read: the pull filters by these tables, and a role change that changes the set resets the
 * practice on the device so rows the role may no longer read leave it.
 */

/** The permission to read each synced table. Conflicts carry entity values, so they need the entity's. */
export const TABLE_READ_PERMISSION: Readonly<Record<TSyncedTable, TPermission>> = {
  patients: 'patients.read',
  conflicts: 'patients.read',
  // Booking needs the practice's locations; everyone may see them.
  locations: 'practice.read',
  rooms: 'schedule.read',
  providers: 'schedule.read',
  appointment_types: 'schedule.read',
  working_hours: 'schedule.read',
  schedule_exceptions: 'schedule.read',
  holidays: 'schedule.read',
  appointment_series: 'schedule.read',
  appointments: 'schedule.read',
  waitlist_entries: 'schedule.read',
};

/**
 * The synced tables a role may read, in a fixed order, among those a client of `protocolVersion`
 * knows (an older app refuses a table it has never heard of).
 */
export const readableTables = (role: TRole, protocolVersion: number = SYNC_PROTOCOL_VERSION): TSyncedTable[] =>
  SYNCED_TABLES.filter((table) => TABLE_SINCE_PROTOCOL[table] <= protocolVersion && can(role, TABLE_READ_PERMISSION[table]));

/**
 * A short key naming the scope, stored per replica and practice (sync_clients.served_scopes). It
 * names the tables, so a role change, or an app update that knows more tables, starts the practice
 * over on the device and the rows it may now read arrive.
 */
export const scopeKey = (role: TRole, protocolVersion: number = SYNC_PROTOCOL_VERSION): string => readableTables(role, protocolVersion).join(',') || '-';

/** The permission to change what a row of each synced table is about (settling its conflicts). */
export const TABLE_WRITE_PERMISSION: Readonly<Record<TSyncedTable, TPermission>> = {
  patients: 'patients.write',
  conflicts: 'patients.write',
  locations: 'practice.settings.write',
  rooms: 'practice.settings.write',
  providers: 'practice.settings.write',
  appointment_types: 'practice.settings.write',
  working_hours: 'practice.settings.write',
  schedule_exceptions: 'practice.settings.write',
  holidays: 'practice.settings.write',
  appointment_series: 'schedule.write',
  appointments: 'schedule.write',
  waitlist_entries: 'schedule.write',
};
