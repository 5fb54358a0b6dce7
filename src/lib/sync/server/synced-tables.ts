import 'server-only';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { patients } from '@/lib/db/schema/patients';
import { locations } from '@/lib/db/schema/practices';
import {
  appointments,
  appointmentSeries,
  appointmentTypes,
  holidays,
  providers,
  rooms,
  scheduleExceptions,
  waitlistEntries,
  workingHours,
} from '@/lib/db/schema/scheduling';
import { conflicts } from '@/lib/db/schema/sync';
import type { TSyncedTable } from '../protocol/tables';

export type SyncedPgTable = PgTable & { id: PgColumn; practiceId: PgColumn };

/** The server table behind each synced table name (the pull reads rows from these). */
export const SYNCED_PG_TABLES: Readonly<Record<TSyncedTable, SyncedPgTable>> = {
  patients,
  conflicts,
  locations,
  rooms,
  providers,
  appointment_types: appointmentTypes,
  working_hours: workingHours,
  schedule_exceptions: scheduleExceptions,
  holidays,
  appointment_series: appointmentSeries,
  appointments,
  waitlist_entries: waitlistEntries,
};
