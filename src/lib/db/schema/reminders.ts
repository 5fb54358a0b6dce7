import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { idColumn, practiceIdColumn, sqlStringList, timestamptz } from './columns';
import { practices } from './practices';
import { appointments, providers } from './scheduling';

/*
 * Appointment reminders and calendar feeds (issue #7 §7, decision 0015). Server-only tenant tables:
 * they never sync to devices (no version, not in SYNCED_PG_TABLES), carry `practice_id` and have
 * FORCE'd row-level security (drizzle/0011_reminders.sql). Tokens are stored as the hex SHA-256 of
 * 32 random bytes: a database reader (a backup, a support query) holds no usable link.
 */

export const REMINDER_STATUSES = ['sending', 'sent', 'failed'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

/**
 * One reminder of one appointment *at one start time*: a rescheduled appointment has a new start, so
 * it is reminded again. The unique key (practice, appointment, start) is what makes "sent once"
 * hold across any number of app instances: a worker claims a reminder by inserting its row (or by
 * taking over a failed or abandoned one, `on conflict … do update … where`), and only the
 * transaction whose statement wins gets the row back (src/lib/jobs/claim-due-reminders.ts).
 *
 * - `sending`: claimed by the worker holding `claim_id` until `claimed_until` (a lease: a worker
 *   that died mid-send is taken over once it runs out).
 * - `sent`: final.
 * - `failed`: the last attempt failed; tried again from `next_attempt_at` (null: gave up).
 */
export const appointmentReminders = pgTable(
  'appointment_reminders',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    appointmentId: uuid('appointment_id').notNull(),
    /** The appointment's start when this reminder was claimed. */
    startsAt: timestamptz('starts_at').notNull(),
    status: text('status').$type<ReminderStatus>().notNull(),
    /** Attempts made so far, this one included. */
    attempts: integer('attempts').notNull().default(1),
    /** The claim (one per worker run) that may finish this reminder. */
    claimId: uuid('claim_id'),
    claimedUntil: timestamptz('claimed_until'),
    nextAttemptAt: timestamptz('next_attempt_at'),
    /** The failure's error code or type (never a mail server's message: it may quote the address). */
    lastError: text('last_error'),
    sentAt: timestamptz('sent_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at')
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    unique('appointment_reminders_practice_id_id_unique').on(t.practiceId, t.id),
    unique('appointment_reminders_once').on(t.practiceId, t.appointmentId, t.startsAt),
    foreignKey({ name: 'appointment_reminders_appointment_fk', columns: [t.practiceId, t.appointmentId], foreignColumns: [appointments.practiceId, appointments.id] }),
    check('appointment_reminders_status_valid', sql`${t.status} in (${sqlStringList(REMINDER_STATUSES)})`),
    check('appointment_reminders_sent_at', sql`(${t.status} = 'sent') = (${t.sentAt} is not null)`),
    check('appointment_reminders_attempts', sql`${t.attempts} >= 1`),
  ],
);

export const APPOINTMENT_ACTIONS = ['confirm', 'cancel'] as const;
export type AppointmentAction = (typeof APPOINTMENT_ACTIONS)[number];

/**
 * A single-use link in a reminder: confirm or cancel one appointment at the start time the email
 * named. Valid until that start (`expires_at`); `used_at` is set once, by the first use.
 */
export const appointmentActionTokens = pgTable(
  'appointment_action_tokens',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    appointmentId: uuid('appointment_id').notNull(),
    /** The reminder that carried it (null: issued some other way). */
    reminderId: uuid('reminder_id'),
    action: text('action').$type<AppointmentAction>().notNull(),
    /** hex SHA-256 of the token in the link. */
    tokenHash: text('token_hash').notNull(),
    /** The start time the email showed: a link for a time that has since moved confirms nothing. */
    startsAt: timestamptz('starts_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('appointment_action_tokens_token_hash_unique').on(t.tokenHash),
    index('appointment_action_tokens_appointment_idx').on(t.practiceId, t.appointmentId),
    foreignKey({ name: 'appointment_action_tokens_appointment_fk', columns: [t.practiceId, t.appointmentId], foreignColumns: [appointments.practiceId, appointments.id] }),
    foreignKey({ name: 'appointment_action_tokens_reminder_fk', columns: [t.practiceId, t.reminderId], foreignColumns: [appointmentReminders.practiceId, appointmentReminders.id] }),
    check('appointment_action_tokens_action_valid', sql`${t.action} in (${sqlStringList(APPOINTMENT_ACTIONS)})`),
  ],
);

/**
 * The secret of a provider's calendar subscription (`GET /api/v1/calendar-feeds/<token>`). At most
 * one live token per provider: a new one revokes the old (rotation). Revoked rows stay for history.
 */
export const calendarFeedTokens = pgTable(
  'calendar_feed_tokens',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    providerId: uuid('provider_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    revokedAt: timestamptz('revoked_at'),
    revokedBy: uuid('revoked_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('calendar_feed_tokens_token_hash_unique').on(t.tokenHash),
    uniqueIndex('calendar_feed_tokens_live_unique')
      .on(t.practiceId, t.providerId)
      .where(sql`${t.revokedAt} is null`),
    foreignKey({ name: 'calendar_feed_tokens_provider_fk', columns: [t.practiceId, t.providerId], foreignColumns: [providers.practiceId, providers.id] }),
    check('calendar_feed_tokens_revoked', sql`(${t.revokedAt} is null) = (${t.revokedBy} is null)`),
  ],
);

export type AppointmentReminder = typeof appointmentReminders.$inferSelect;
export type AppointmentActionToken = typeof appointmentActionTokens.$inferSelect;
export type CalendarFeedToken = typeof calendarFeedTokens.$inferSelect;
