import { addDays, instantToZoned, zonedToInstant, type LocalDate } from '@/lib/domain/scheduling/zoned-time';

/*
 * Where things go on the calendar grid (issue #7 §5), pure so it is tested without a browser. A day
 * column spans a window of local clinic time; every position is computed from instants, so a
 * daylight-saving day (23 or 25 hours) places each appointment at its true local time and the hour
 * lines read what a wall clock in the clinic read.
 */

/** The part of an appointment the grid needs. */
export type GridAppointment = { id: string; startsAt: string; endsAt: string; status: string };

/** The local hours a day column shows. */
export type DayWindow = { date: LocalDate; start: Date; end: Date };

/** Default visible hours, widened to whatever the day holds (early starts, late bookings). */
const DEFAULT_FIRST_HOUR = 7;
const DEFAULT_LAST_HOUR = 19;

/**
 * The window of local clinic time a day shows: 07:00–19:00, widened to whole hours around the
 * earliest and latest minute of working time and appointments that day.
 */
export const dayWindow = (date: LocalDate, timeZone: string, busy: readonly { start: Date; end: Date }[] = []): DayWindow => {
  let first = DEFAULT_FIRST_HOUR * 60;
  let last = DEFAULT_LAST_HOUR * 60;
  const dayStart = zonedToInstant(date, '00:00', timeZone).getTime();
  const dayEnd = zonedToInstant(addDays(date, 1), '00:00', timeZone).getTime();
  for (const interval of busy) {
    if (interval.end.getTime() <= dayStart || interval.start.getTime() >= dayEnd) {
      continue;
    }
    const startMinutes = interval.start.getTime() <= dayStart ? 0 : instantToZoned(interval.start, timeZone).minutes;
    const endMinutes = interval.end.getTime() >= dayEnd ? 24 * 60 : Math.max(instantToZoned(interval.end, timeZone).minutes, startMinutes + 1);
    first = Math.min(first, startMinutes);
    last = Math.max(last, endMinutes);
  }
  const firstHour = Math.floor(first / 60);
  const lastHour = Math.min(24, Math.ceil(last / 60));
  return {
    date,
    start: zonedToInstant(date, `${String(firstHour).padStart(2, '0')}:00`, timeZone),
    end: lastHour === 24 ? new Date(dayEnd) : zonedToInstant(date, `${String(lastHour).padStart(2, '0')}:00`, timeZone),
  };
};

/** The hour lines of a window: each instant a clinic clock shows a full hour, with its label. */
export const hourLines = (window: DayWindow, timeZone: string): { at: Date; label: string; offsetPct: number }[] => {
  const lines: { at: Date; label: string; offsetPct: number }[] = [];
  const span = window.end.getTime() - window.start.getTime();
  // Whole hours in UTC are whole hours locally in every zone with whole-hour offsets; the half-hour
  // zones (India, Newfoundland) get their local whole hours by stepping from the local start.
  for (let at = window.start.getTime(); at < window.end.getTime(); at += 60 * 60_000) {
    const local = instantToZoned(new Date(at), timeZone);
    lines.push({ at: new Date(at), label: local.time, offsetPct: ((at - window.start.getTime()) / span) * 100 });
  }
  return lines;
};

/** An appointment placed in a column: vertical position in percent of the window, and its lane among overlaps. */
export type PlacedBlock<T extends GridAppointment> = {
  appointment: T;
  topPct: number;
  heightPct: number;
  /** Which of `lanes` side-by-side lanes it takes (overlaps happen: a cancelled visit under a new one). */
  lane: number;
  lanes: number;
  /** It starts before or ends after the window: the block is cut at the edge. */
  clippedStart: boolean;
  clippedEnd: boolean;
};

/**
 * Places a column's appointments in the window. Overlapping ones (an inactive appointment and the
 * booking that replaced it, or an override) share the width in lanes, so none hides another.
 */
export const placeBlocks = <T extends GridAppointment>(appointments: readonly T[], window: DayWindow): PlacedBlock<T>[] => {
  const start = window.start.getTime();
  const end = window.end.getTime();
  const span = end - start;
  const visible = appointments
    .map((appointment) => ({ appointment, from: Date.parse(appointment.startsAt), to: Date.parse(appointment.endsAt) }))
    .filter(({ from, to }) => to > start && from < end)
    .sort((a, b) => a.from - b.from || b.to - a.to);

  // Clusters of transitively overlapping appointments share a lane count.
  const placed: PlacedBlock<T>[] = [];
  let cluster: { block: PlacedBlock<T>; to: number }[] = [];
  let clusterEnd = -Infinity;
  const closeCluster = () => {
    const lanes = Math.max(1, ...cluster.map(({ block }) => block.lane + 1));
    for (const { block } of cluster) {
      block.lanes = lanes;
    }
    cluster = [];
  };
  for (const { appointment, from, to } of visible) {
    if (from >= clusterEnd) {
      closeCluster();
    }
    const laneEnds: number[] = [];
    for (const { block, to: busyUntil } of cluster) {
      laneEnds[block.lane] = Math.max(laneEnds[block.lane] ?? -Infinity, busyUntil);
    }
    let lane = laneEnds.findIndex((busyUntil) => busyUntil <= from);
    if (lane === -1) {
      lane = laneEnds.length;
    }
    const top = Math.max(from, start);
    const bottom = Math.min(to, end);
    const block: PlacedBlock<T> = {
      appointment,
      topPct: ((top - start) / span) * 100,
      // A very short block still gets a visible, clickable height.
      heightPct: Math.max(((bottom - top) / span) * 100, 1.2),
      lane,
      lanes: 1,
      clippedStart: from < start,
      clippedEnd: to > end,
    };
    cluster.push({ block, to });
    clusterEnd = Math.max(clusterEnd, to);
    placed.push(block);
  }
  closeCluster();
  return placed;
};

/** Where `instant` falls in the window, in percent; null outside it. */
export const offsetInWindow = (instant: Date, window: DayWindow): number | null => {
  const at = instant.getTime();
  if (at < window.start.getTime() || at > window.end.getTime()) {
    return null;
  }
  return ((at - window.start.getTime()) / (window.end.getTime() - window.start.getTime())) * 100;
};

/**
 * The instant at a vertical position of the window, snapped to `snapMinutes` of local clock time
 * (a drop at 09:07 lands on 09:05), for clicks and drags.
 */
export const instantAtOffset = (fraction: number, window: DayWindow, timeZone: string, snapMinutes = 5): Date => {
  const clamped = Math.min(Math.max(fraction, 0), 1);
  const raw = new Date(window.start.getTime() + clamped * (window.end.getTime() - window.start.getTime()));
  const local = instantToZoned(raw, timeZone);
  const snapped = Math.round(local.minutes / snapMinutes) * snapMinutes;
  if (snapped >= 24 * 60) {
    return zonedToInstant(addDays(local.date, 1), '00:00', timeZone);
  }
  const hh = String(Math.floor(snapped / 60)).padStart(2, '0');
  const mm = String(snapped % 60).padStart(2, '0');
  return zonedToInstant(local.date, `${hh}:${mm}`, timeZone);
};

/** The seven local dates of the week (Monday first) holding `date`. */
export const weekDates = (date: LocalDate): LocalDate[] => {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
  const monday = addDays(date, 1 - weekday);
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
};

/** The dates of the month grid holding `date`: whole weeks from the Monday before the 1st. */
export const monthGrid = (date: LocalDate): LocalDate[][] => {
  const first = `${date.slice(0, 7)}-01`;
  const weeks: LocalDate[][] = [];
  let week = weekDates(first);
  while (weeks.length === 0 || (week[0] ?? '').slice(0, 7) <= date.slice(0, 7)) {
    weeks.push(week);
    week = weekDates(addDays(week[0] ?? first, 7));
    if ((week[0] ?? '').slice(0, 7) > date.slice(0, 7)) {
      break;
    }
  }
  return weeks;
};

/** `HH:MM` of an instant on the clinic's clock. */
export const clockTime = (instant: string | Date, timeZone: string): string =>
  instantToZoned(typeof instant === 'string' ? new Date(instant) : instant, timeZone).time;

/** Minutes between two instants (durations on the grid are real elapsed time). */
export const minutesBetween = (from: string | Date, to: string | Date): number =>
  Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60_000);

/**
 * One window per date, all showing the same local hours (the widest any of them needs), so the
 * rows of a week line up hour for hour.
 */
export const alignedWindows = (dates: readonly LocalDate[], timeZone: string, busy: readonly { start: Date; end: Date }[] = []): DayWindow[] => {
  const own = dates.map((date) => dayWindow(date, timeZone, busy));
  const firstHour = Math.min(...own.map((w) => Math.floor(instantToZoned(w.start, timeZone).minutes / 60)));
  const lastHour = Math.max(
    ...own.map((w) => {
      const end = instantToZoned(w.end, timeZone);
      // A window ending at midnight ends on the next date.
      return end.date === w.date ? Math.ceil(end.minutes / 60) : 24;
    }),
  );
  return dates.map((date) => ({
    date,
    start: zonedToInstant(date, `${String(firstHour).padStart(2, '0')}:00`, timeZone),
    end: lastHour >= 24 ? zonedToInstant(addDays(date, 1), '00:00', timeZone) : zonedToInstant(date, `${String(lastHour).padStart(2, '0')}:00`, timeZone),
  }));
};
