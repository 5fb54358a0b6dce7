import { TIME_OF_DAY_WINDOWS, type TAddToWaitlist } from './schemas';
import { instantToZoned, zonedToInstant, type LocalDate } from './zoned-time';

/*
 * The waitlist's matching (issue #7 §6): which waiting patients a freed slot can be offered to.
 * Pure and browser-safe: the device runs it on its synced rows the moment an appointment is
 * cancelled or marked a no-show, also offline. It only proposes; booking one of them is an
 * ordinary `appointments.book` (with `waitlistEntryId`), which the server decides again.
 */

export type WaitlistStatus = 'waiting' | 'booked' | 'removed';
export type TimeOfDay = TAddToWaitlist['timeOfDay'];

/** A waitlist entry as the device holds it (the synced row's JSON, camelCase). */
export type WaitlistEntryRow = {
  id: string;
  patientId: string;
  typeId: string;
  /** Null: any provider. */
  providerId: string | null;
  /** Null: any location. */
  locationId: string | null;
  earliestDate: LocalDate;
  /** Null: no end. */
  latestDate: LocalDate | null;
  timeOfDay: TimeOfDay;
  note: string | null;
  status: WaitlistStatus;
  appointmentId: string | null;
  /** When the patient joined the list (an ISO instant): who waited longest is offered first. */
  createdAt: string;
  deletedAt: string | null;
};

/** The appointment types' fields matching needs. */
export type WaitlistTypeRow = { id: string; durationMinutes: number; needsRoom: boolean };

/** A slot an appointment gave up: its provider, location, room and times. */
export type FreedSlot = { providerId: string; locationId: string; roomId: string | null; startsAt: Date; endsAt: Date };

/** An entry still waiting: not booked, not removed, not a tombstone. */
export const isWaiting = (entry: Pick<WaitlistEntryRow, 'status' | 'deletedAt'>): boolean => entry.status === 'waiting' && entry.deletedAt == null;

/** Waiting longest first; then the earliest wanted date; then the id, so the order is stable everywhere. */
export const compareWaitlist = (a: WaitlistEntryRow, b: WaitlistEntryRow): number =>
  a.createdAt.localeCompare(b.createdAt) || a.earliestDate.localeCompare(b.earliestDate) || a.id.localeCompare(b.id);

/** The waiting entries in the order they are offered slots. */
export const waitingEntries = <T extends WaitlistEntryRow>(entries: readonly T[]): T[] => entries.filter(isWaiting).sort(compareWaitlist);

/** Whether a local date lies in an entry's date window (both ends included). */
export const inDateWindow = (entry: Pick<WaitlistEntryRow, 'earliestDate' | 'latestDate'>, date: LocalDate): boolean =>
  date >= entry.earliestDate && (entry.latestDate === null || date <= entry.latestDate);

/**
 * Whether `[start, end)` lies inside a time of day on the clinic's clock, on the local date it
 * starts. The window's ends are read as instants of that date (DST-aware, as the slot search reads
 * them), so a morning is 07:00–12:00 local on a change day too.
 */
export const inTimeOfDay = (timeOfDay: TimeOfDay, start: Date, end: Date, timeZone: string): boolean => {
  const window = TIME_OF_DAY_WINDOWS[timeOfDay];
  if (window === null) {
    return true;
  }
  const date = instantToZoned(start, timeZone).date;
  return start.getTime() >= zonedToInstant(date, window.start, timeZone).getTime() && end.getTime() <= zonedToInstant(date, window.end, timeZone).getTime();
};

export type MatchWaitlistOptions = {
  slot: FreedSlot;
  /** The slot's location's zone: dates and times of day are its wall clock. */
  timeZone: string;
  entries: readonly WaitlistEntryRow[];
  types: readonly WaitlistTypeRow[];
  /** A patient not to offer the slot to (the one who just gave it up). */
  excludePatientId?: string;
  /** Default 3. */
  limit?: number;
};

/**
 * The waiting entries a freed slot can be offered to, best first (waited longest, then earliest
 * wanted date), at most `limit`. An entry fits when:
 * - its provider and location are the slot's, or any;
 * - its type is known, its length fits in the slot, and a type that needs a room gets one (the slot has one);
 * - the slot's local date is inside its date window;
 * - the time it would be booked — from the slot's start for the type's length — is inside its time of day.
 *
 * The booking it proposes starts when the slot starts; a shorter type leaves the rest free.
 */
export const matchWaitlist = ({ slot, timeZone, entries, types, excludePatientId, limit = 3 }: MatchWaitlistOptions): WaitlistEntryRow[] => {
  const slotMs = slot.endsAt.getTime() - slot.startsAt.getTime();
  if (limit <= 0 || !(slotMs > 0)) {
    return [];
  }
  const byId = new Map(types.map((type) => [type.id, type]));
  const date = instantToZoned(slot.startsAt, timeZone).date;
  return waitingEntries(entries)
    .filter((entry) => {
      const type = byId.get(entry.typeId);
      if (!type || type.durationMinutes * 60_000 > slotMs || (type.needsRoom && slot.roomId === null)) {
        return false;
      }
      const bookedEnd = new Date(slot.startsAt.getTime() + type.durationMinutes * 60_000);
      return (
        entry.patientId !== excludePatientId &&
        (entry.providerId === null || entry.providerId === slot.providerId) &&
        (entry.locationId === null || entry.locationId === slot.locationId) &&
        inDateWindow(entry, date) &&
        inTimeOfDay(entry.timeOfDay, slot.startsAt, bookedEnd, timeZone)
      );
    })
    .slice(0, limit);
};

/** The waiting entries that would take a slot on `date` (date window only), in offer order. */
export const waitlistFor = <T extends WaitlistEntryRow>(entries: readonly T[], date: LocalDate): T[] => waitingEntries(entries).filter((entry) => inDateWindow(entry, date));
