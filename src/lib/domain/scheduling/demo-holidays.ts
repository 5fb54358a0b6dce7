import { addDays, isoWeekday, type LocalDate } from './zoned-time';

/*
 * The clinic holidays of the demo practices (issue #7 §8): the US public holidays most clinics
 * close for, on the weekday they are observed (a Saturday holiday on the Friday before, a Sunday one
 * on the Monday after). Computed for whatever dates the demo is loaded around, so the calendar
 * always has closed days to show.
 */

type Holiday = { date: LocalDate; name: string };

const pad = (value: number) => String(value).padStart(2, '0');

/** The `nth` (1-based; -1: last) ISO weekday of a month. */
const nthWeekday = (year: number, month: number, weekday: number, nth: number): LocalDate => {
  if (nth > 0) {
    const first = `${year}-${pad(month)}-01`;
    return addDays(first, ((weekday - isoWeekday(first) + 7) % 7) + (nth - 1) * 7);
  }
  const last = addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`, -1);
  return addDays(last, -((isoWeekday(last) - weekday + 7) % 7));
};

const observed = ({ date, name }: Holiday): Holiday => {
  switch (isoWeekday(date)) {
    case 6:
      return { date: addDays(date, -1), name: `${name} (observed)` };
    case 7:
      return { date: addDays(date, 1), name: `${name} (observed)` };
    default:
      return { date, name };
  }
};

const holidaysOf = (year: number): Holiday[] =>
  [
    { date: `${year}-01-01`, name: "New Year's Day" },
    { date: nthWeekday(year, 5, 1, -1), name: 'Memorial Day' },
    { date: `${year}-07-04`, name: 'Independence Day' },
    { date: nthWeekday(year, 9, 1, 1), name: 'Labor Day' },
    { date: nthWeekday(year, 11, 4, 4), name: 'Thanksgiving Day' },
    { date: `${year}-12-25`, name: 'Christmas Day' },
  ].map(observed);

/**
 * The holidays observed on `[from, to)`, and at least two: when fewer fall in the range, the next
 * ones after it too.
 */
export const demoHolidays = (from: LocalDate, to: LocalDate): Holiday[] => {
  const year = Number(from.slice(0, 4));
  const all = [year - 1, year, year + 1, year + 2].flatMap(holidaysOf).sort((a, b) => a.date.localeCompare(b.date));
  const inside = all.filter((holiday) => holiday.date >= from && holiday.date < to);
  return inside.length >= 2 ? inside : [...inside, ...all.filter((holiday) => holiday.date >= to).slice(0, 2 - inside.length)];
};
