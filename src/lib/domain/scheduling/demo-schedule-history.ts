import type { AppointmentStatus } from './status';
import { canTransition } from './status';

/*
 * What became of each demo appointment by the time the demo is loaded (issue #7 §8): the status
 * transitions the front desk would have made, each at a plausible moment. Past visits mostly
 * happened; some were missed or cancelled; the one under way is in a room; the day's later patients
 * are confirmed or already checked in; the weeks ahead are mostly just booked. Pure.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export type DemoRandom = () => number;

/** A status change and when it was made (never after `now`). */
export type DemoTransition = { from: AppointmentStatus; to: AppointmentStatus; at: Date; reason: string | null };

type When = {
  startsAt: number;
  endsAt: number;
  bookedAt: number;
  now: number;
  /** Whole local days from today to the appointment's date (0: today). */
  daysAhead: number;
};

const between = (random: DemoRandom, low: number, high: number): number => low + random() * (high - low);

/** Picks a value of a non-empty list. */
export const pickFrom = <T>(random: DemoRandom, values: readonly T[]): T => {
  const value = values[Math.floor(random() * values.length)];
  if (value === undefined) {
    throw new Error('pickFrom: empty list');
  }
  return value;
};

/** When the appointment was booked: days or weeks ahead of it, and never after now. */
export const bookedAtFor = (random: DemoRandom, startsAt: number, now: number): number =>
  Math.min(startsAt - Math.round(between(random, 1, 35)) * DAY_MS - Math.round(between(random, 0, 8)) * HOUR_MS, now - Math.round(between(random, 1, 600)) * MINUTE_MS);

/**
 * The statuses the appointment goes through from `booked`, each transition allowed by the status
 * machine and timed between the booking and now.
 */
export const demoHistory = (random: DemoRandom, when: When, cancelReasons: readonly string[]): DemoTransition[] => {
  const { startsAt, endsAt, bookedAt, now } = when;
  const path: { to: AppointmentStatus; at: number; reason?: string }[] = [];
  // Each step happens after the one before it and never after now.
  let last = bookedAt;
  const at = (wanted: number): number => {
    last = Math.min(now, Math.max(last + MINUTE_MS, Math.round(wanted / 1000) * 1000));
    return last;
  };
  const confirm = () => path.push({ to: 'confirmed', at: at(startsAt - DAY_MS - between(random, 0, 5) * HOUR_MS) });
  const cancel = () =>
    path.push({ to: 'cancelled', at: at(startsAt - between(random, 2, 72) * HOUR_MS), reason: pickFrom(random, cancelReasons) });
  const checkIn = () => path.push({ to: 'checked_in', at: at(Math.min(now, startsAt) - between(random, 1, 15) * MINUTE_MS) });
  const inRoom = () => path.push({ to: 'in_room', at: at(startsAt + between(random, 0, 10) * MINUTE_MS) });

  const roll = random();
  if (endsAt <= now) {
    // Over: mostly seen, some missed, a few cancelled beforehand.
    // The shortest way there (each step is an executor call when the demo loads, ~10 ms on
    // PGlite): past visits skip the confirmation and the room, which no screen shows afterwards.
    if (roll < 0.06) {
      cancel();
    } else if (roll < 0.11) {
      path.push({ to: 'no_show', at: at(startsAt + 15 * MINUTE_MS) });
    } else {
      checkIn();
      path.push({ to: 'completed', at: at(endsAt + between(random, -3, 8) * MINUTE_MS) });
    }
  } else if (startsAt <= now) {
    // Under way: in a room, or still in the waiting room.
    confirm();
    checkIn();
    if (roll < 0.75) {
      inRoom();
    }
  } else if (when.daysAhead === 0) {
    // Later today: confirmed yesterday, the next patients already here.
    if (roll < 0.04) {
      cancel();
    } else if (roll < 0.8) {
      confirm();
      if (startsAt - now <= 40 * MINUTE_MS && random() < 0.6) {
        checkIn();
      }
    }
  } else if (when.daysAhead <= 2) {
    if (roll < 0.04) {
      cancel();
    } else if (roll < 0.64) {
      confirm();
    }
  } else if (roll < 0.03) {
    cancel();
  }

  let from: AppointmentStatus = 'booked';
  return path.map((step) => {
    if (!canTransition(from, step.to)) {
      throw new Error(`demo history: ${from} → ${step.to} is not a transition`);
    }
    const transition: DemoTransition = { from, to: step.to, at: new Date(step.at), reason: step.reason ?? null };
    from = step.to;
    return transition;
  });
};
