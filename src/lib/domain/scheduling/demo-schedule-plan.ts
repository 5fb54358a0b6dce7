import { uuidv7 } from 'uuidv7';
import { isWithinWorkingHours, workingIntervals, type HolidayRow, type ScheduleExceptionRow, type WorkingHoursRow } from './availability';
import { demoHolidays } from './demo-holidays';
import { DEMO_CANCEL_REASONS, DEMO_LANGUAGE_NAMES, type DemoProviderAccount, type DemoSchedule } from './demo-schedule-data';
import { fillDay, overlapsAny, type FillType, type Span } from './demo-schedule-fill';
import { bookedAtFor, demoHistory, pickFrom, type DemoRandom } from './demo-schedule-history';
import { planNewSeries } from './series-plan';
import type { AppointmentStatus } from './status';
import { addDays, instantToZoned, isoWeekday, wallMsOfDate, type LocalDate } from './zoned-time';

/*
 * The demo calendar of one practice as the mutations a front desk would have made (issue #7 §8):
 * set-up first, then recurring visits, then about three months of bookings around today — four weeks
 * back, nine ahead — filling 62–80% of each provider's working day, then each booking's status
 * changes up to now, then a waitlist. Pure and deterministic for a given `now`, ids and seed, so a
 * test can check what the seed will write; ./demo-schedule.ts sends it through the executors.
 *
 * Bookings are placed inside the working intervals that availability.ts computes from the very rows
 * the set-up saves, so the executors' working-hours check agrees, and never over another booking of
 * the provider or room.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
/** Days of history before today, and of bookings from today on. */
export const DEMO_DAYS_BACK = 28;
export const DEMO_DAYS_AHEAD = 63;

/** A mutation and the moment it was made (the push's `createdAt`: the audit's "occurred at"). */
export type PlannedMutation = { name: string; args: Record<string, unknown>; occurredAt: Date };

/** A booking of the plan, with the status it ends in. */
export type PlannedAppointment = {
  id: string;
  providerId: string;
  roomId: string | null;
  locationId: string;
  patientId: string;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  seriesId: string | null;
  bookedAt: number;
};

export type DemoScheduleInput = {
  practiceId: string;
  /** The practice's locations, in DEMO_PRACTICES order (the demo's share one zone). */
  locations: readonly { id: string; timeZone: string }[];
  userIds: Readonly<Record<DemoProviderAccount, string>>;
  /** Patients who may be booked (not archived). */
  patients: readonly { id: string; preferredLanguage: string | null }[];
  now: Date;
  seed: number;
  newId?: () => string;
};

export type DemoSchedulePlan = {
  /** In the order they must be applied. */
  mutations: PlannedMutation[];
  appointments: PlannedAppointment[];
  /** Working time of all providers over the range, in milliseconds (for the utilisation). */
  workingMs: number;
  /** The local dates booked, `[from, to)`. */
  from: LocalDate;
  to: LocalDate;
};

/** mulberry32: small, fast, and enough to make demo data look unplanned. */
export const demoRandom = (seed: number): DemoRandom => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const required = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) {
    throw new Error(`demo schedule: no ${what}`);
  }
  return value;
};

export const planDemoSchedule = (config: DemoSchedule, input: DemoScheduleInput): DemoSchedulePlan => {
  const newId = input.newId ?? uuidv7;
  const random = demoRandom(input.seed);
  const now = input.now.getTime();
  const { practiceId } = input;
  const location = (index: number) => required(input.locations[index], `location #${index}`);
  const timeZone = location(0).timeZone;
  const today = instantToZoned(input.now, timeZone).date;
  const monday = addDays(today, 1 - isoWeekday(today));
  const from = addDays(today, -DEMO_DAYS_BACK);
  const to = addDays(today, DEMO_DAYS_AHEAD);

  // Set-up, "made" a while before the first booking.
  const setupAt = new Date(now - (DEMO_DAYS_BACK + 45) * DAY_MS);
  const setup: PlannedMutation[] = [];
  const save = (name: string, args: Record<string, unknown>) => setup.push({ name, args: { practiceId, ...args }, occurredAt: setupAt });
  const providerIds = config.calendars.map((calendar) => {
    const id = newId();
    save('providers.save', { id, userId: input.userIds[calendar.account], displayName: calendar.displayName, colour: calendar.colour, active: true });
    return id;
  });
  const rooms = config.rooms.flatMap((names, index) =>
    names.map((name) => {
      const room = { id: newId(), locationId: location(index).id, busy: [] as Span[] };
      save('rooms.save', { id: room.id, locationId: room.locationId, name, active: true });
      return room;
    }),
  );
  const types: FillType[] = config.types.map((type) => {
    const id = newId();
    const { key: _key, weight: _weight, bufferMinutes, ...fields } = type;
    save('appointment_types.save', { id, ...fields, bufferBeforeMinutes: bufferMinutes, bufferAfterMinutes: bufferMinutes, active: true });
    return { ...type, id };
  });
  const typeOf = (key: string) => required(types.find((type) => type.key === key), `appointment type ${key}`);
  const workingHours: WorkingHoursRow[] = config.calendars.flatMap((calendar, index) =>
    calendar.days.flatMap((day) =>
      day.ranges.map(([startTime, endTime]) => ({
        id: newId(),
        providerId: required(providerIds[index], 'provider'),
        locationId: location(day.location).id,
        weekday: day.weekday,
        startTime,
        endTime,
        validFrom: null,
        validUntil: null,
        deletedAt: null,
      })),
    ),
  );
  const exceptions: ScheduleExceptionRow[] = config.timeOff.map((off) => ({
    id: newId(),
    providerId: required(providerIds[off.calendar], 'provider'),
    locationId: null,
    date: addDays(monday, off.weekOffset * 7 + off.weekday - 1),
    kind: 'time_off',
    startTime: off.startTime,
    endTime: off.endTime,
    deletedAt: null,
  }));
  const holidays: HolidayRow[] = demoHolidays(from, to).map((holiday) => ({ id: newId(), locationId: null, ...holiday, deletedAt: null }));
  workingHours.forEach(({ deletedAt: _deleted, ...row }) => save('working_hours.save', row));
  exceptions.forEach(({ deletedAt: _deleted, ...row }, index) => save('schedule_exceptions.save', { ...row, note: config.timeOff[index]?.note ?? null }));
  holidays.forEach(({ deletedAt: _deleted, ...row }) => save('holidays.save', row));

  const calendarRows = { timeZone, workingHours, exceptions, holidays };
  const providerBusy = new Map<string, Span[]>(providerIds.map((id) => [id, []]));
  const busyOf = (providerId: string) => required(providerBusy.get(providerId), 'provider');
  const appointments: PlannedAppointment[] = [];
  const patientsOn = new Map<LocalDate, Set<string>>();
  const markBooked = (date: LocalDate, patientId: string) => patientsOn.set(date, (patientsOn.get(date) ?? new Set()).add(patientId));

  // Recurring visits first: a series books all its occurrences or none, so it is moved a week at a
  // time until every occurrence lies in working hours (clear of holidays and time off).
  const series: PlannedMutation[] = [];
  for (const demo of config.series) {
    const providerId = required(providerIds[demo.calendar], 'provider');
    const day = required(config.calendars[demo.calendar]?.days.find((d) => d.weekday === demo.weekday), 'working day of a series');
    const type = typeOf(demo.typeKey);
    const patient = pickFrom(random, input.patients);
    for (let shift = 0; shift < 4; shift++) {
      const fields = {
        id: newId(),
        patientId: patient.id,
        providerId,
        locationId: location(day.location).id,
        roomId: null,
        typeId: type.id,
        rule: `FREQ=WEEKLY;INTERVAL=${demo.interval};BYDAY=${BYDAY[demo.weekday - 1] ?? 'MO'};COUNT=${demo.count}`,
        startDate: addDays(monday, (shift - demo.weeksBack) * 7 + demo.weekday - 1),
        startTime: demo.startTime,
        durationMinutes: type.durationMinutes,
        notes: demo.notes,
      };
      const occurrences = planNewSeries({ ...fields, practiceId, timeZone, exceptionDates: [] }).upserts.map((o) => ({
        ...o,
        start: Date.parse(o.startsAt),
        end: Date.parse(o.endsAt),
      }));
      const fits = occurrences.every(
        (o) =>
          isWithinWorkingHours({ ...calendarRows, providerId, locationId: fields.locationId, start: new Date(o.start), end: new Date(o.end) }) &&
          !overlapsAny(busyOf(providerId), o.start, o.end),
      );
      if (!fits) {
        continue;
      }
      const createdAt = Math.min(now - DAY_MS, (occurrences[0]?.start ?? now) - 7 * DAY_MS);
      series.push({ name: 'appointment_series.create', args: { practiceId, ...fields, outOfHoursReason: null }, occurredAt: new Date(createdAt) });
      for (const o of occurrences) {
        busyOf(providerId).push({ start: o.start, end: o.end });
        markBooked(o.occurrenceDate, patient.id);
        appointments.push({ id: o.id, providerId, roomId: null, locationId: fields.locationId, patientId: patient.id, startsAt: new Date(o.start), endsAt: new Date(o.end), status: 'booked', seriesId: fields.id, bookedAt: createdAt });
      }
      break;
    }
  }

  // Then the days, each provider's working intervals filled to the day's target.
  const bookings: PlannedMutation[] = [];
  let workingMs = 0;
  for (let date = from; date < to; date = addDays(date, 1)) {
    config.calendars.forEach((calendar, index) => {
      const day = calendar.days.find((d) => d.weekday === isoWeekday(date));
      if (!day) {
        return;
      }
      const providerId = required(providerIds[index], 'provider');
      const locationId = location(day.location).id;
      const intervals = workingIntervals({ ...calendarRows, providerId, locationId, date }).map((i) => ({ start: i.start.getTime(), end: i.end.getTime() }));
      workingMs += intervals.reduce((sum, i) => sum + i.end - i.start, 0);
      const target = 0.62 + random() * 0.18;
      const localRooms = rooms.filter((room) => room.locationId === locationId);
      for (const slot of fillDay({ random, intervals, busy: busyOf(providerId), rooms: localRooms, types, target })) {
        const taken = patientsOn.get(date);
        const free = input.patients.filter((p) => !taken?.has(p.id));
        const patient = pickFrom(random, free.length > 0 ? free : input.patients);
        markBooked(date, patient.id);
        const language = patient.preferredLanguage === null ? undefined : DEMO_LANGUAGE_NAMES[patient.preferredLanguage];
        const notes = language !== undefined && random() < 0.5 ? `Needs interpreter (${language})` : random() < 0.1 ? pickFrom(random, config.notes) : null;
        const id = newId();
        const bookedAt = bookedAtFor(random, slot.start, now);
        const startsAt = new Date(slot.start);
        const endsAt = new Date(slot.end);
        bookings.push({
          name: 'appointments.book',
          args: { practiceId, id, patientId: patient.id, providerId, locationId, roomId: slot.roomId, typeId: slot.type.id, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), notes, outOfHoursReason: null, waitlistEntryId: null },
          occurredAt: new Date(bookedAt),
        });
        appointments.push({ id, providerId, roomId: slot.roomId, locationId, patientId: patient.id, startsAt, endsAt, status: 'booked', seriesId: null, bookedAt });
      }
    });
  }

  // What became of each booking by now.
  const transitions: PlannedMutation[] = [];
  for (const appointment of appointments) {
    const daysAhead = Math.round((wallMsOfDate(instantToZoned(appointment.startsAt, timeZone).date) - wallMsOfDate(today)) / DAY_MS);
    const when = { startsAt: appointment.startsAt.getTime(), endsAt: appointment.endsAt.getTime(), bookedAt: appointment.bookedAt, now, daysAhead };
    for (const step of demoHistory(random, when, DEMO_CANCEL_REASONS)) {
      transitions.push({ name: 'appointments.transition', args: { practiceId, appointmentId: appointment.id, from: step.from, to: step.to, reason: step.reason }, occurredAt: step.at });
      appointment.status = step.to;
    }
  }

  const waitlist: PlannedMutation[] = config.waitlist.map((entry) => {
    const firstDay = entry.calendar === null ? undefined : config.calendars[entry.calendar]?.days[0];
    return {
      name: 'waitlist.add',
      args: {
        practiceId,
        id: newId(),
        patientId: pickFrom(random, input.patients).id,
        typeId: typeOf(entry.typeKey).id,
        providerId: entry.calendar === null ? null : required(providerIds[entry.calendar], 'provider'),
        locationId: firstDay === undefined ? null : location(firstDay.location).id,
        earliestDate: today,
        latestDate: entry.withinDays === null ? null : addDays(today, entry.withinDays),
        timeOfDay: entry.timeOfDay,
        note: entry.note,
      },
      occurredAt: new Date(now - Math.round(1 + random() * 9) * DAY_MS),
    };
  });

  return { mutations: [...setup, ...series, ...bookings, ...transitions, ...waitlist], appointments, workingMs, from, to };
};
