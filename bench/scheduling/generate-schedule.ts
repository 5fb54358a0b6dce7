import { uuidv7 } from 'uuidv7';
import { workingIntervals, type AppointmentTypeRow, type WorkingHoursRow } from '@/lib/domain/scheduling/availability';
import { addDays, isoWeekday, zonedToInstant, type LocalDate } from '@/lib/domain/scheduling/zoned-time';
import type { LocalRow } from '@/lib/sync/client/local-writer';
import { WIRE_ROW_FIELDS } from '@/lib/sync/client/check-pull-response';
import { seededRandom } from '../sync/generate-patients';

/*
 * A synthetic practice calendar for the scheduling benchmarks (issue #7): one location, `providers`
 * providers working Monday to Friday 08:00–12:00 and 13:00–17:00, and `appointments` appointments
 * laid through their working days about three-quarters full (~11 a provider-day), from two years
 * before `anchor` on, as far as it takes — ten providers reach 100k in about three and a half
 * years, so every day of the range looks alike and the index, not the day, grows. Deterministic
 * (seeded). Rows are in the shape a pull delivers (WIRE_ROW_FIELDS: every field, instants in
 * `toISOString()` format), so the replica holds what a synced device would. Made-up ids only.
 */

const MINUTE_MS = 60_000;

export type BenchType = AppointmentTypeRow & { name: string };

export type BenchSchedule = {
  practiceId: string;
  locationId: string;
  timeZone: string;
  providerIds: string[];
  types: BenchType[];
  rooms: { id: string; locationId: string }[];
  workingHours: WorkingHoursRow[];
  /** Rows per synced table, as a pull delivers them. */
  rows: { table: 'locations' | 'providers' | 'rooms' | 'appointment_types' | 'working_hours' | 'appointments'; rows: LocalRow[] }[];
  /** The local dates with appointments, `[firstDate, lastDate]`, and the anchor instant ("now"). */
  firstDate: LocalDate;
  lastDate: LocalDate;
  now: Date;
};

const TYPES: readonly Omit<BenchType, 'id'>[] = [
  { name: 'Follow-up', durationMinutes: 20, needsRoom: false, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 },
  { name: 'Consultation', durationMinutes: 30, needsRoom: false, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 },
  { name: 'New patient', durationMinutes: 45, needsRoom: false, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 },
  { name: 'Telehealth', durationMinutes: 15, needsRoom: false, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 },
  { name: 'Procedure', durationMinutes: 60, needsRoom: true, bufferBeforeMinutes: 10, bufferAfterMinutes: 10 },
];

export const generateSchedule = ({
  appointments,
  providers,
  anchor,
  timeZone,
  seed,
}: {
  appointments: number;
  providers: number;
  anchor: LocalDate;
  timeZone: string;
  seed: number;
}): BenchSchedule => {
  const random = seededRandom(seed);
  const practiceId = uuidv7();
  const locationId = uuidv7();
  const userId = uuidv7();
  const now = zonedToInstant(anchor, '12:30', timeZone);
  let version = 0;
  const sync = () => {
    version += 1;
    const at = new Date(now.getTime() - 400 * 24 * 60 * MINUTE_MS).toISOString();
    return { practiceId, version, createdAt: at, updatedAt: at, createdBy: userId, updatedBy: userId, deletedAt: null };
  };
  const providerIds = Array.from({ length: providers }, () => uuidv7());
  const types: BenchType[] = TYPES.map((type) => ({ ...type, id: uuidv7() }));
  const rooms = ['Exam 1', 'Exam 2', 'Exam 3', 'Procedure room'].map((name) => ({ id: uuidv7(), locationId, name }));
  const workingHours: WorkingHoursRow[] = providerIds.flatMap((providerId) =>
    [1, 2, 3, 4, 5].flatMap((weekday) =>
      [
        ['08:00', '12:00'],
        ['13:00', '17:00'],
      ].map(([startTime = '', endTime = '']) => ({ id: uuidv7(), providerId, locationId, weekday, startTime, endTime, validFrom: null, validUntil: null, deletedAt: null })),
    ),
  );
  const patients = Array.from({ length: 5_000 }, () => uuidv7());
  const procedureRoom = rooms[3]?.id ?? null;

  const appointmentRows: LocalRow[] = [];
  const firstDate = addDays(anchor, -730);
  let date = firstDate;
  let lastDate = firstDate;
  while (appointmentRows.length < appointments) {
    if (isoWeekday(date) <= 5) {
      lastDate = date;
      // The procedure room is shared: one provider's procedure at a time.
      const roomBusy: { start: number; end: number }[] = [];
      for (const providerId of providerIds) {
        const intervals = workingIntervals({ providerId, locationId, date, timeZone, workingHours, exceptions: [], holidays: [] });
        for (const interval of intervals) {
          let cursor = interval.start.getTime();
          const close = interval.end.getTime();
          while (cursor < close && appointmentRows.length < appointments) {
            if (random() < 0.25) {
              cursor += (10 + Math.floor(random() * 3) * 10) * MINUTE_MS;
              continue;
            }
            const type = types[Math.floor(random() * types.length)] ?? types[0];
            if (!type) {
              break;
            }
            const start = cursor + type.bufferBeforeMinutes * MINUTE_MS;
            const end = start + type.durationMinutes * MINUTE_MS;
            if (end + type.bufferAfterMinutes * MINUTE_MS > close || (type.needsRoom && roomBusy.some((busy) => busy.start < end && start < busy.end))) {
              cursor += 15 * MINUTE_MS;
              continue;
            }
            if (type.needsRoom) {
              roomBusy.push({ start, end });
            }
            cursor = end + type.bufferAfterMinutes * MINUTE_MS;
            appointmentRows.push(appointmentRow({ random, start, end, now: now.getTime(), providerId, locationId, type, roomId: type.needsRoom ? procedureRoom : null, patients, sync }));
          }
        }
      }
    }
    date = addDays(date, 1);
  }

  const rows: BenchSchedule['rows'] = [
    {
      table: 'locations',
      rows: [{ id: locationId, ...sync(), name: 'Bench Clinic', addressLine1: null, addressLine2: null, city: null, region: null, postalCode: null, country: 'US', timeZone, phone: null }],
    },
    { table: 'providers', rows: providerIds.map((id, index) => ({ id, ...sync(), userId: uuidv7(), displayName: `Dr. Bench ${index + 1}`, colour: '#2563eb', active: true })) },
    { table: 'rooms', rows: rooms.map((room) => ({ ...room, ...sync(), active: true })) },
    { table: 'appointment_types', rows: types.map((type) => ({ ...type, ...sync(), colour: '#0ea5e9', active: true })) },
    { table: 'working_hours', rows: workingHours.map((row) => ({ ...row, ...sync() })) },
    { table: 'appointments', rows: appointmentRows },
  ];
  // The rows carry exactly the fields a pull would (a test keeps WIRE_ROW_FIELDS equal to the server's columns).
  for (const { table, rows: list } of rows) {
    const expected = Object.keys(WIRE_ROW_FIELDS[table]).sort().join(',');
    const actual = Object.keys(list[0] ?? {}).sort().join(',');
    if (actual !== expected) {
      throw new Error(`bench rows of ${table} do not have the wire's fields: ${actual} ≠ ${expected}`);
    }
  }
  return { practiceId, locationId, timeZone, providerIds, types, rooms, workingHours, rows, firstDate, lastDate, now };
};

const CANCEL_REASONS = ['Patient called to cancel', 'Rescheduled at the patient’s request', 'Clinic cancelled'];

/** One appointment's wire row, its status fitting its time relative to `now`. */
const appointmentRow = ({
  random,
  start,
  end,
  now,
  providerId,
  locationId,
  type,
  roomId,
  patients,
  sync,
}: {
  random: () => number;
  start: number;
  end: number;
  now: number;
  providerId: string;
  locationId: string;
  type: BenchType;
  roomId: string | null;
  patients: readonly string[];
  sync: () => Record<string, unknown>;
}): LocalRow => {
  const roll = random();
  const status = end <= now ? (roll < 0.06 ? 'cancelled' : roll < 0.11 ? 'no_show' : 'completed') : roll < 0.03 ? 'cancelled' : roll < 0.15 ? 'confirmed' : 'booked';
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: uuidv7(),
    ...sync(),
    patientId: patients[Math.floor(random() * patients.length)] ?? '',
    providerId,
    locationId,
    roomId,
    typeId: type.id,
    startsAt: iso(start),
    endsAt: iso(end),
    status,
    cancelReason: status === 'cancelled' ? (CANCEL_REASONS[Math.floor(random() * CANCEL_REASONS.length)] ?? null) : null,
    notes: random() < 0.1 ? 'Parking validation' : null,
    outOfHoursReason: null,
    seriesId: null,
    occurrenceDate: null,
    detached: false,
    checkedInAt: status === 'completed' ? iso(start - 5 * MINUTE_MS) : null,
    inRoomAt: status === 'completed' ? iso(start + 2 * MINUTE_MS) : null,
    completedAt: status === 'completed' ? iso(end) : null,
    cancelledAt: status === 'cancelled' ? iso(start - 24 * 60 * MINUTE_MS) : null,
  };
};
