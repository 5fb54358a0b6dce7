import { can, type TPermission, type TRole } from '@/lib/auth/permissions';
import { SYNCED_TABLES, type TSyncedTable } from '../protocol/tables';

/*
 * What a role's replica may hold (DESIGN §5 invariant 6). A device only ever receives rows its user
 * may read: the pull filters by these tables, and a role change that changes the set resets the
 * practice on the device so rows the role may no longer read leave it.
 */

/** The permission to read each synced table. Conflicts carry entity values, so they need the entity's. */
export const TABLE_READ_PERMISSION: Readonly<Record<TSyncedTable, TPermission>> = {
  patients: 'patients.read',
  conflicts: 'patients.read',
};

/** The synced tables a role may read, in a fixed order. */
export const readableTables = (role: TRole): TSyncedTable[] =>
  SYNCED_TABLES.filter((table) => can(role, TABLE_READ_PERMISSION[table]));

/** A short key naming the scope, stored per replica and practice (sync_clients.served_scopes). */
export const scopeKey = (role: TRole): string => readableTables(role).join(',') || '-';
