import 'server-only';
import { and, asc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { practiceMembers } from '@/lib/db/schema/members';
import { locations, practices } from '@/lib/db/schema/practices';
import { calendarFeedTokens } from '@/lib/db/schema/reminders';
import { appointments, providers, rooms } from '@/lib/db/schema/scheduling';
import { unsafeSystemTx } from '@/lib/db/tx';
import { STATUS_LABELS, type AppointmentStatus } from '@/lib/domain/scheduling/status';
import { appointmentUid, buildIcs, type IcsEventStatus } from '@/lib/scheduling/ics';
import { hashLinkToken } from './link-token';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The window a feed covers: recent history for context, half a year ahead for planning. */
export const FEED_DAYS_BACK = 30;
export const FEED_DAYS_AHEAD = 180;

/** How the calendar app should show each status: cancelled ones disappear, unconfirmed ones look tentative. */
const ICS_STATUS: Readonly<Record<AppointmentStatus, IcsEventStatus>> = {
  booked: 'TENTATIVE',
  confirmed: 'CONFIRMED',
  checked_in: 'CONFIRMED',
  in_room: 'CONFIRMED',
  completed: 'CONFIRMED',
  no_show: 'CONFIRMED',
  cancelled: 'CANCELLED',
};

export type GetCalendarFeedOptions = { database: Database; token: string; now?: Date };

/**
 * A provider's calendar as iCalendar text, for the secret address of their feed. Each appointment is
 * "Appointment (<status>)" at its location and room — never the patient's name, the appointment type
 * or notes: a calendar app (and whoever syncs or shares it) is outside our safeguards (decision 0015).
 *
 * A revoked or unknown token, or a provider who is no longer an active member of the practice (they
 * left: their feed must stop at once, without anyone remembering to revoke it), answers NOT_FOUND.
 *
 * Why unsafeSystemTx: the caller is a calendar app with no session; the token is the capability
 * (lookup by the SHA-256 of a 256-bit random token), and the transaction is scoped to the token's
 * practice before anything else is read. Same limitation as invitation links where the owner is
 * subject to row-level security (decision 0008).
 */
export const getCalendarFeed = async ({ database, token, now = new Date() }: GetCalendarFeedOptions): Promise<string> =>
  unsafeSystemTx(database, async (tx) => {
    const [feed] = await tx
      .select({ practiceId: calendarFeedTokens.practiceId, providerId: calendarFeedTokens.providerId })
      .from(calendarFeedTokens)
      .where(and(eq(calendarFeedTokens.tokenHash, hashLinkToken(token)), isNull(calendarFeedTokens.revokedAt)));
    if (feed === undefined) {
      throw new AppError('NOT_FOUND');
    }
    await tx.execute(sql`select set_config('app.practice_ids', ${feed.practiceId}, true)`);
    const [owner] = await tx
      .select({ displayName: providers.displayName, practiceName: practices.name })
      .from(providers)
      .innerJoin(practices, eq(practices.id, providers.practiceId))
      .innerJoin(practiceMembers, and(eq(practiceMembers.practiceId, providers.practiceId), eq(practiceMembers.userId, providers.userId)))
      .where(and(eq(providers.practiceId, feed.practiceId), eq(providers.id, feed.providerId), eq(practiceMembers.status, 'active'), isNull(providers.deletedAt), isNull(practices.deletedAt)));
    if (owner === undefined) {
      throw new AppError('NOT_FOUND');
    }
    const rows = await tx
      .select({
        id: appointments.id,
        startsAt: appointments.startsAt,
        endsAt: appointments.endsAt,
        status: appointments.status,
        updatedAt: appointments.updatedAt,
        locationName: locations.name,
        roomName: rooms.name,
      })
      .from(appointments)
      .innerJoin(locations, and(eq(locations.practiceId, appointments.practiceId), eq(locations.id, appointments.locationId)))
      .leftJoin(rooms, and(eq(rooms.practiceId, appointments.practiceId), eq(rooms.id, appointments.roomId)))
      .where(
        and(
          eq(appointments.practiceId, feed.practiceId),
          eq(appointments.providerId, feed.providerId),
          isNull(appointments.deletedAt),
          gte(appointments.startsAt, new Date(now.getTime() - FEED_DAYS_BACK * DAY_MS)),
          lt(appointments.startsAt, new Date(now.getTime() + FEED_DAYS_AHEAD * DAY_MS)),
        ),
      )
      .orderBy(asc(appointments.startsAt), asc(appointments.id));
    return buildIcs({
      method: 'PUBLISH',
      name: `${owner.displayName} – ${owner.practiceName}`,
      refreshIntervalMinutes: 15,
      events: rows.map((row) => ({
        uid: appointmentUid(row.id),
        start: row.startsAt,
        end: row.endsAt,
        stamp: now,
        lastModified: row.updatedAt,
        summary: `Appointment (${STATUS_LABELS[row.status]})`,
        location: row.roomName === null ? row.locationName : `${row.locationName} – ${row.roomName}`,
        status: ICS_STATUS[row.status],
      })),
    });
  });
