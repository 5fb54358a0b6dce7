import type {
  TSaveAppointmentType,
  TSaveHoliday,
  TSaveLocation,
  TSaveProvider,
  TSaveRoom,
  TSaveScheduleException,
  TSaveWorkingHours,
} from '@/lib/domain/scheduling/schemas';
import type { SqlValue } from '@/lib/sync/client/sqlite/connection';

/*
 * The scheduling set-up (issue #7 §1) read from the device database: locations, rooms, providers,
 * appointment types, working hours, exceptions and holidays of one practice, as synced rows kept
 * as JSON. Tombstones (`deletedAt`) are left out; retired rooms, providers and types are kept
 * (after the active ones) because the set-up screen offers to restore them. Browser-safe: SQL text
 * and parameters only, run by whichever connection the caller has.
 */

/** The sync columns every row carries (src/lib/sync/client/check-pull-response.ts). */
type SyncFields = {
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
  deletedAt: string | null;
};

export type LocalLocation = TSaveLocation & SyncFields;
export type LocalRoom = TSaveRoom & SyncFields;
export type LocalProvider = TSaveProvider & SyncFields;
export type LocalAppointmentType = TSaveAppointmentType & SyncFields;
export type LocalWorkingHours = Omit<TSaveWorkingHours, 'removed'> & SyncFields;
export type LocalScheduleException = Omit<TSaveScheduleException, 'removed'> & SyncFields;
export type LocalHoliday = Omit<TSaveHoliday, 'removed'> & SyncFields;

/** Each set-up table and the row the device holds in it. */
export type SetupRowOf = {
  locations: LocalLocation;
  rooms: LocalRoom;
  providers: LocalProvider;
  appointment_types: LocalAppointmentType;
  working_hours: LocalWorkingHours;
  schedule_exceptions: LocalScheduleException;
  holidays: LocalHoliday;
};
export type SetupTable = keyof SetupRowOf;

const field = (name: string) => `json_extract(data, '$.${name}')`;
const lower = (name: string) => `lower(${field(name)})`;
// JSON true/false come out of json_extract as 1/0: active rows first.
const activeFirst = `${field('active')} desc`;

/**
 * The order of each list. Table names are the keys of this closed map, never input: a name that
 * is not a key is refused before it reaches SQL text.
 */
const ORDER: Readonly<Record<SetupTable, string>> = {
  locations: `${lower('name')}, id`,
  rooms: `${activeFirst}, ${lower('name')}, id`,
  providers: `${activeFirst}, ${lower('displayName')}, id`,
  appointment_types: `${activeFirst}, ${lower('name')}, id`,
  // Open-ended (null) validity first, then by date: the current rota before later ones.
  working_hours: `${field('providerId')}, ${field('locationId')}, ${field('validFrom')} nulls first, ${field('validUntil')} nulls last, ${field('weekday')}, ${field('startTime')}, id`,
  // A whole day (no start time) before ranges on the same date.
  schedule_exceptions: `${field('date')}, ${field('startTime')} nulls first, id`,
  holidays: `${field('date')}, ${lower('name')}, id`,
};

export const SETUP_TABLES = Object.keys(ORDER) as SetupTable[];

/** The statement listing a practice's live rows of one set-up table, in the order its list shows them. */
export const setupRowsStatement = (table: SetupTable, practiceId: string): { sql: string; params: SqlValue[] } => {
  if (!Object.hasOwn(ORDER, table)) {
    throw new Error('not a scheduling set-up table');
  }
  return {
    sql: `select data from ${table} where practice_id = ? and ${field('deletedAt')} is null order by ${ORDER[table]}`,
    params: [practiceId],
  };
};

/** The rows returned by {@link setupRowsStatement}, decoded. */
export const toSetupRows = <T extends SetupTable>(_table: T, rows: readonly { data: SqlValue }[]): SetupRowOf[T][] =>
  rows.map((row) => JSON.parse(String(row.data)) as SetupRowOf[T]);
