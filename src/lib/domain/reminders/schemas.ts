import { z } from 'zod';
import { ZPracticeParams, ZPracticeSettings, ZUuid } from '@/lib/domain/practices/schemas';

/*
 * Reminder settings, patient action links and calendar feeds (issue #7 §7): schemas shared by the
 * settings form, the public pages and the server (CONVENTIONS §4). No server imports: bundled for
 * the browser too.
 */

/** Hours before an appointment its reminder goes out, when the practice says nothing. */
export const DEFAULT_REMINDER_LEAD_HOURS = 24;
export const MIN_REMINDER_LEAD_HOURS = 1;
/** A week: earlier than that, people forget the reminder before the appointment. */
export const MAX_REMINDER_LEAD_HOURS = 168;

/** Hours before the appointment, or null: the practice sends no reminders. */
export const ZReminderLeadHours = z
  .number({ error: 'enter a number of hours' })
  .int({ error: 'expected whole hours' })
  .min(MIN_REMINDER_LEAD_HOURS, { error: `at least ${MIN_REMINDER_LEAD_HOURS} hour` })
  .max(MAX_REMINDER_LEAD_HOURS, { error: `at most ${MAX_REMINDER_LEAD_HOURS} hours` })
  .nullable();

/** A practice's reminder settings; each key is also a key of `practices.settings` (jsonb). */
export const ZReminderSettings = z.strictObject({ reminderLeadHours: ZReminderLeadHours });
export type TReminderSettings = z.infer<typeof ZReminderSettings>;

/** Body of PATCH /api/v1/practices/[practiceId]/settings/reminders. */
export const ZUpdateReminderSettings = ZReminderSettings.partial();
export type TUpdateReminderSettings = z.infer<typeof ZUpdateReminderSettings>;

/**
 * The lead time a practice's settings ask for: absent or invalid means the default (a damaged value
 * must not silently stop reminders patients rely on); an explicit `null` means off.
 */
export const reminderLeadHoursOf = (settings: unknown): number | null => {
  const stored = ZPracticeSettings.safeParse(settings).data;
  if (stored === undefined || !Object.hasOwn(stored, 'reminderLeadHours')) {
    return DEFAULT_REMINDER_LEAD_HOURS;
  }
  const parsed = ZReminderLeadHours.safeParse(stored.reminderLeadHours);
  return parsed.success ? parsed.data : DEFAULT_REMINDER_LEAD_HOURS;
};

/** The reminder settings stored in `settings`, with defaults for what is unset or invalid. */
export const reminderSettingsOf = (settings: unknown): TReminderSettings => ({ reminderLeadHours: reminderLeadHoursOf(settings) });

/**
 * A secret in a link (action link, calendar feed): 32 random bytes, base64url without padding
 * (43 characters). Anything else names nothing.
 */
export const ZLinkToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'This link is not valid.' });

/** The one answer for a link that names nothing. */
export const INVALID_ACTION_LINK_MESSAGE = 'This link is not valid. Please call the practice.';

/** Body of POST /api/v1/appointment-actions and …/preview: POST, so the token stays out of URLs. */
export const ZAppointmentActionRequest = z.strictObject({ token: ZLinkToken });
export type TAppointmentActionRequest = z.infer<typeof ZAppointmentActionRequest>;

export const ZAppointmentAction = z.enum(['confirm', 'cancel']);
export type TAppointmentAction = z.infer<typeof ZAppointmentAction>;

/**
 * Where a link stands: `open` can be used; `done` — the appointment is already what the link asks
 * (confirmed, or cancelled); `used`, `expired`; `changed` — the appointment moved since the email;
 * `unavailable` — its status no longer allows the action (checked in, cancelled for a confirm link…).
 */
export const ZAppointmentActionState = z.enum(['open', 'done', 'used', 'expired', 'changed', 'unavailable']);
export type TAppointmentActionState = z.infer<typeof ZAppointmentActionState>;

/** Why a link cannot be used, in the patient's words (the API's refusal and the page say the same). */
export const ACTION_REFUSALS: Readonly<Record<Exclude<TAppointmentActionState, 'open' | 'done'>, string>> = {
  used: 'This link was already used. To change your appointment, please call the practice.',
  expired: 'This link has expired. Please call the practice.',
  changed: 'Your appointment has changed since this email was sent. Please use the newest reminder or call the practice.',
  unavailable: 'This appointment can no longer be changed online. Please call the practice.',
};

/**
 * What the patient's page learns from a link: the action, where it stands, and the appointment's
 * practice and time — nothing about the patient or the visit (the link may be forwarded).
 */
export const ZAppointmentActionPreview = z.object({
  action: ZAppointmentAction,
  state: ZAppointmentActionState,
  practiceName: z.string(),
  startsAt: z.string(),
  /** The location's IANA zone, to show the time as the clinic's. */
  timeZone: z.string(),
});
export type TAppointmentActionPreview = z.infer<typeof ZAppointmentActionPreview>;

/** What using a link answers: what the appointment is now. */
export const ZAppointmentActionResult = ZAppointmentActionPreview.omit({ state: true }).extend({
  outcome: z.enum(['confirmed', 'cancelled']),
  /** The appointment already was so (e.g. the front desk confirmed it by phone): nothing changed. */
  alreadyDone: z.boolean(),
});
export type TAppointmentActionResult = z.infer<typeof ZAppointmentActionResult>;

/** Route segments of a provider's calendar feed management. */
export const ZProviderParams = ZPracticeParams.extend({ providerId: ZUuid });

/** Route segment of the public feed: the token, optionally with `.ics` (some calendar apps want it). */
export const ZCalendarFeedParams = z.object({
  token: z
    .string()
    .transform((value) => value.replace(/\.ics$/, ''))
    .pipe(ZLinkToken),
});

/** The answer to creating a feed: its address, shown once (only the token's hash is kept). */
export type TCalendarFeedCreated = { url: string; webcalUrl: string; createdAt: string };
