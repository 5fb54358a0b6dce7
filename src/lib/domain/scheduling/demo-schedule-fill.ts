import type { DemoAppointmentType } from './demo-schedule-data';
import { pickFrom, type DemoRandom } from './demo-schedule-history';

/*
 * One provider's working day of demo bookings (issue #7 §8): appointments laid end to end through
 * the working intervals, with gaps left so the day ends up about as full as its target (62–80%),
 * never over what is already booked (a recurring visit, another provider's use of a room), and with
 * a type's buffers kept free on both sides. Pure; times are epoch milliseconds, intervals half-open.
 */

const MINUTE_MS = 60_000;

export type Span = { start: number; end: number };

export type FillType = DemoAppointmentType & { id: string };

export type FilledSlot = { type: FillType; start: number; end: number; roomId: string | null };

export const overlapsAny = (spans: readonly Span[], start: number, end: number): boolean =>
  spans.some((span) => span.start < end && start < span.end);

export type FillDayOptions = {
  random: DemoRandom;
  intervals: readonly Span[];
  /** The provider's booked time (grows with each slot). */
  busy: Span[];
  /** Rooms of the location, in order of preference, with their booked time (grows with each slot). */
  rooms: readonly { id: string; busy: Span[] }[];
  types: readonly FillType[];
  /** Share of the working time to book, 0–1. */
  target: number;
};

/** Weighted pick of an appointment type. */
const typePicker = (random: DemoRandom, types: readonly FillType[]) => {
  const total = types.reduce((sum, type) => sum + type.weight, 0);
  return (): FillType => {
    let roll = random() * total;
    for (const type of types) {
      roll -= type.weight;
      if (roll < 0) {
        return type;
      }
    }
    return pickFrom(random, types);
  };
};

/** The slots of one day, in time order. Appointments already in `busy` count toward the target. */
export const fillDay = ({ random, intervals, busy, rooms, types, target }: FillDayOptions): FilledSlot[] => {
  const pickType = typePicker(random, types);
  const byLength = [...types].sort((a, b) => a.durationMinutes + 2 * a.bufferMinutes - (b.durationMinutes + 2 * b.bufferMinutes));
  const slots: FilledSlot[] = [];
  let booked = 0;
  let elapsed = 0;
  const advance = (from: number, to: number, counts: boolean) => {
    elapsed += to - from;
    booked += counts ? to - from : 0;
    return to;
  };
  for (const { start: open, end: close } of intervals) {
    let cursor = open;
    // The slot `type` would take at the cursor, with its room; null when it does not fit there.
    const fits = (type: FillType): FilledSlot | null => {
      const buffer = type.bufferMinutes * MINUTE_MS;
      const start = cursor + buffer;
      const end = start + type.durationMinutes * MINUTE_MS;
      if (end + buffer > close || overlapsAny(busy, cursor, end + buffer)) {
        return null;
      }
      const room = type.needsRoom ? rooms.find((candidate) => !overlapsAny(candidate.busy, start, end)) : null;
      return room === undefined ? null : { type, start, end, roomId: room?.id ?? null };
    };
    while (cursor < close) {
      const blocking = busy.find((span) => span.start <= cursor && cursor < span.end);
      if (blocking) {
        cursor = advance(cursor, Math.min(blocking.end, close), true);
        continue;
      }
      const wanted = pickType();
      const length = wanted.durationMinutes * MINUTE_MS;
      // Ahead of the day's target (with a little noise): leave a gap instead.
      if ((booked + length) / (elapsed + length) > target + random() * 0.06) {
        cursor = advance(cursor, Math.min(close, cursor + pickFrom(random, [10, 15, 15, 20, 30]) * MINUTE_MS), false);
        continue;
      }
      const slot = fits(wanted) ?? byLength.map(fits).find((candidate) => candidate !== null) ?? null;
      if (!slot) {
        cursor = advance(cursor, Math.min(close, cursor + 5 * MINUTE_MS), false);
        continue;
      }
      slots.push(slot);
      busy.push({ start: slot.start, end: slot.end });
      if (slot.roomId !== null) {
        rooms.find((room) => room.id === slot.roomId)?.busy.push({ start: slot.start, end: slot.end });
      }
      cursor = advance(cursor, slot.end + slot.type.bufferMinutes * MINUTE_MS, true);
    }
  }
  return slots;
};
