import { z } from 'zod';

import { ZLocalTime, ZSaveWorkingHours, type TSaveWorkingHours } from '@/lib/domain/scheduling/schemas';
import type { LocalWorkingHours } from '@/lib/local/scheduling-setup-query';

import { timeRangeLabel, WEEKDAYS } from './setup-labels';

/*
 * Working hours as the set-up screen edits them (issue #7 §1): one weekly grid per provider,
 * location and period of validity, with any number of time ranges a day (a lunch break is two
 * ranges). The device stores one `working_hours` row per range; this module groups the rows into
 * weeks, validates a grid with the `working_hours.save` schema itself (CONVENTIONS §4) and turns an
 * edited grid into the saves and removals that make the rows match it.
 */

/**
 * One time range of a day in the grid, with the id of the row it is saved as: the row it came from,
 * or one made when the range was added, so that saving again after a failure repeats the same
 * saves instead of adding copies.
 */
export type WeekRange = { rowId: string; startTime: string; endTime: string };

/** The grid's values: dates blank for open-ended; `days[0]` is Monday … `days[6]` Sunday. */
export type WorkingWeekForm = {
  providerId: string;
  locationId: string;
  validFrom: string;
  validUntil: string;
  days: { ranges: WeekRange[] }[];
};

/** The rows of one provider at one location for one period, by weekday (index 0 = Monday). */
export type WorkingWeek = {
  key: string;
  providerId: string;
  locationId: string;
  validFrom: string | null;
  validUntil: string | null;
  rows: LocalWorkingHours[];
  days: LocalWorkingHours[][];
};

type WeekFrame = Pick<LocalWorkingHours, 'providerId' | 'locationId' | 'validFrom' | 'validUntil'>;

/** What makes rows one week: the same provider, location and period. */
export const weekKey = ({ providerId, locationId, validFrom, validUntil }: WeekFrame): string =>
  [providerId, locationId, validFrom ?? '', validUntil ?? ''].join('|');

const byStart = (a: { startTime: string }, b: { startTime: string }) => a.startTime.localeCompare(b.startTime);

/** Groups working-hours rows into weeks, each day's ranges by start time; weeks in the rows' first order. */
export const groupWorkingHours = (rows: readonly LocalWorkingHours[]): WorkingWeek[] => {
  const weeks = new Map<string, WorkingWeek>();
  for (const row of rows) {
    const key = weekKey(row);
    let week = weeks.get(key);
    if (week === undefined) {
      week = { key, providerId: row.providerId, locationId: row.locationId, validFrom: row.validFrom, validUntil: row.validUntil, rows: [], days: WEEKDAYS.map(() => []) };
      weeks.set(key, week);
    }
    week.rows.push(row);
    week.days[row.weekday - 1]?.push(row);
  }
  for (const week of weeks.values()) {
    week.days.forEach((day) => day.sort(byStart));
  }
  return [...weeks.values()];
};

/** Weeks by provider name, then location name, then period (open-ended first, then by start date). */
export const sortWeeks = (weeks: readonly WorkingWeek[], providerNames: ReadonlyMap<string, string>, locationNames: ReadonlyMap<string, string>): WorkingWeek[] =>
  [...weeks].sort(
    (a, b) =>
      (providerNames.get(a.providerId) ?? '').localeCompare(providerNames.get(b.providerId) ?? '') ||
      (locationNames.get(a.locationId) ?? '').localeCompare(locationNames.get(b.locationId) ?? '') ||
      (a.validFrom ?? '').localeCompare(b.validFrom ?? '') ||
      (a.validUntil ?? '9999').localeCompare(b.validUntil ?? '9999'),
  );

/** The days a week works, each as `Mon` and `09:00–12:00, 13:00–17:00`. */
export const weekSummary = (week: WorkingWeek): { day: string; short: string; hours: string }[] =>
  WEEKDAYS.flatMap((weekday, index) => {
    const ranges = week.days[index] ?? [];
    return ranges.length === 0 ? [] : [{ day: weekday.label, short: weekday.short, hours: ranges.map((r) => timeRangeLabel(r.startTime, r.endTime)).join(', ') }];
  });

/** A new week starts as Monday to Friday, 09:00–17:00; an existing one as it is. */
export const weekFormValues = (week: WorkingWeek | null, newId: () => string, defaults: { providerId?: string; locationId?: string } = {}): WorkingWeekForm => ({
  providerId: week?.providerId ?? defaults.providerId ?? '',
  locationId: week?.locationId ?? defaults.locationId ?? '',
  validFrom: week?.validFrom ?? '',
  validUntil: week?.validUntil ?? '',
  days: WEEKDAYS.map((weekday, index) => ({
    ranges:
      week === null
        ? weekday.value <= 5
          ? [{ rowId: newId(), startTime: '09:00', endTime: '17:00' }]
          : []
        : (week.days[index] ?? []).map((row) => ({ rowId: row.id, startTime: row.startTime, endTime: row.endTime })),
  })),
});

/** The range "Add hours" adds to a day: 09:00–17:00 on an empty day, else the hour after its last range. */
export const nextRange = (ranges: readonly WeekRange[], newId: () => string): WeekRange => {
  const last = [...ranges].sort(byStart).at(-1);
  if (last === undefined || !ZLocalTime.safeParse(last.endTime).success) {
    return { rowId: newId(), startTime: '09:00', endTime: '17:00' };
  }
  const [hours = 0, minutes = 0] = last.endTime.split(':').map(Number);
  const end = Math.min(hours * 60 + minutes + 60, 23 * 60 + 59);
  const endTime = `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
  return { rowId: newId(), startTime: last.endTime, endTime };
};

/** A day's ranges copied as new ranges (for another day). */
export const copyRanges = (ranges: readonly WeekRange[], newId: () => string): WeekRange[] =>
  ranges.map((range) => ({ rowId: newId(), startTime: range.startTime, endTime: range.endTime }));

// Stands in for a row id while a grid is checked (new ranges get theirs when saved).
const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';

const rowArgs = (practiceId: string, values: WorkingWeekForm, weekday: number, range: Pick<WeekRange, 'startTime' | 'endTime'>, id: string): TSaveWorkingHours => ({
  practiceId,
  id,
  providerId: values.providerId,
  locationId: values.locationId,
  weekday,
  startTime: range.startTime,
  endTime: range.endTime,
  validFrom: values.validFrom === '' ? null : values.validFrom,
  validUntil: values.validUntil === '' ? null : values.validUntil,
  removed: false,
});

const ZWeekRange = z.object({ rowId: z.string(), startTime: z.string(), endTime: z.string() });

/**
 * The grid's schema: each range is checked by `working_hours.save`'s own schema as the row it will
 * become; ranges of a day must not overlap; a week has at least one range; and a new week may not
 * repeat one that exists (`otherWeekKeys`: the keys of the weeks not being edited).
 */
export const workingWeekSchema = (practiceId: string, otherWeekKeys: ReadonlySet<string> = new Set()) =>
  z
    .object({
      providerId: z.string(),
      locationId: z.string(),
      validFrom: z.string(),
      validUntil: z.string(),
      days: z.array(z.object({ ranges: z.array(ZWeekRange) })).length(WEEKDAYS.length),
    })
    .superRefine((values, ctx) => {
      // The week's own fields, checked once with a range that is surely valid.
      const frame = ZSaveWorkingHours.safeParse(rowArgs(practiceId, values, 1, { startTime: '00:00', endTime: '00:01' }, PLACEHOLDER_ID));
      const frameIssues = frame.error?.issues ?? [];
      // A malformed date's own message is the one to show, not the order check run on it.
      const badDate = frameIssues.some((issue) => issue.code !== 'custom' && (issue.path[0] === 'validFrom' || issue.path[0] === 'validUntil'));
      for (const issue of frameIssues.filter((found) => !badDate || found.code !== 'custom')) {
        ctx.addIssue({ code: 'custom', path: [String(issue.path[0])], message: issue.message });
      }
      if (frame.success && otherWeekKeys.has(weekKey(frame.data))) {
        ctx.addIssue({ code: 'custom', path: ['providerId'], message: 'hours for this provider, location and period already exist: edit those instead' });
      }
      let count = 0;
      values.days.forEach((day, dayIndex) => {
        let previousEnd = null as string | null;
        const order = day.ranges.map((range, rangeIndex) => ({ range, rangeIndex })).sort((a, b) => byStart(a.range, b.range));
        for (const { range, rangeIndex } of order) {
          count += 1;
          const path = ['days', dayIndex, 'ranges', rangeIndex];
          const row = ZSaveWorkingHours.safeParse({ ...rowArgs(practiceId, values, dayIndex + 1, range, PLACEHOLDER_ID), providerId: PLACEHOLDER_ID, locationId: PLACEHOLDER_ID, validFrom: null, validUntil: null });
          // Zod runs the order check even on a malformed time, whose own message is the one to show.
          const issues = row.error?.issues ?? [];
          const malformed = issues.some((issue) => issue.code !== 'custom');
          for (const issue of issues.filter((found) => !malformed || found.code !== 'custom')) {
            ctx.addIssue({ code: 'custom', path: [...path, String(issue.path[0])], message: issue.message });
          }
          if (!ZLocalTime.safeParse(range.startTime).success || !ZLocalTime.safeParse(range.endTime).success) {
            continue;
          }
          if (previousEnd !== null && range.startTime < previousEnd) {
            ctx.addIssue({ code: 'custom', path: [...path, 'startTime'], message: 'overlaps the hours before it' });
          }
          previousEnd = previousEnd === null || range.endTime > previousEnd ? range.endTime : previousEnd;
        }
      });
      if (count === 0) {
        ctx.addIssue({ code: 'custom', path: ['days'], message: 'Add at least one range of hours (to stop these hours altogether, remove them instead).' });
      }
    });

/** One `working_hours.save` to run, and the grid range it comes from (null: a removal). */
export type WeekSave = { args: TSaveWorkingHours; path: string | null };

const SAME_FIELDS = ['providerId', 'locationId', 'weekday', 'startTime', 'endTime', 'validFrom', 'validUntil'] as const;

/**
 * The saves that make the device's rows match the edited grid: changed and new ranges saved,
 * ranges taken out removed, unchanged ones left alone (nothing to sync).
 */
export const workingWeekSaves = (practiceId: string, week: WorkingWeek | null, values: WorkingWeekForm): WeekSave[] => {
  const before = new Map((week?.rows ?? []).map((row) => [row.id, row]));
  const kept = new Set<string>();
  const saves: WeekSave[] = [];
  values.days.forEach((day, dayIndex) => {
    day.ranges.forEach((range, rangeIndex) => {
      const current = before.get(range.rowId);
      const args = rowArgs(practiceId, values, dayIndex + 1, range, range.rowId);
      if (current !== undefined) {
        kept.add(current.id);
        if (SAME_FIELDS.every((name) => current[name] === args[name])) {
          return;
        }
      }
      saves.push({ args, path: `days.${dayIndex}.ranges.${rangeIndex}` });
    });
  });
  for (const row of before.values()) {
    if (!kept.has(row.id)) {
      saves.push({ args: removalArgs(practiceId, row), path: null });
    }
  }
  return saves;
};

/** The `working_hours.save` that removes a row. */
export const removalArgs = (practiceId: string, row: LocalWorkingHours): TSaveWorkingHours => ({
  practiceId,
  id: row.id,
  providerId: row.providerId,
  locationId: row.locationId,
  weekday: row.weekday,
  startTime: row.startTime,
  endTime: row.endTime,
  validFrom: row.validFrom,
  validUntil: row.validUntil,
  removed: true,
});
