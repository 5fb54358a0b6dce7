import type { AppointmentStatus } from '@/lib/domain/scheduling/status';
import type {
  LocalAppointmentType,
  LocalHoliday,
  LocalLocation,
  LocalProvider,
  LocalRoom,
  LocalScheduleException,
  LocalWorkingHours,
} from '@/lib/local/scheduling-setup-query';

/*
 * The appointments as the device holds them (the synced rows' JSON, camelCase), and the practice's
 * set-up as one object, as the calendar screens read them. Browser-safe types only; the set-up rows'
 * types are those of src/lib/local/scheduling-setup-query.ts.
 */

export type LocalAppointment = {
  id: string;
  practiceId: string;
  patientId: string;
  providerId: string;
  locationId: string;
  roomId: string | null;
  typeId: string;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  cancelReason: string | null;
  notes: string | null;
  outOfHoursReason: string | null;
  seriesId: string | null;
  /** The series occurrence's original clinic date (kept when the occurrence alone is moved). */
  occurrenceDate: string | null;
  detached: boolean;
  checkedInAt: string | null;
  inRoomAt: string | null;
  completedAt: string | null;
  version: number;
};

/** The practice's scheduling set-up, as one object for the screens. */
export type SchedulingSetup = {
  locations: LocalLocation[];
  rooms: LocalRoom[];
  providers: LocalProvider[];
  types: LocalAppointmentType[];
  workingHours: LocalWorkingHours[];
  exceptions: LocalScheduleException[];
  holidays: LocalHoliday[];
};
