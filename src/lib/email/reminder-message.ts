import { appointmentUid, buildIcs } from '@/lib/scheduling/ics';
import type { TEmailMessage } from './message';

/*
 * The appointment reminder email (issue #7 §7). It says where and when, with whom, and how to
 * confirm or cancel — and nothing else. No appointment type, reason, notes or any other clinical
 * detail, and not even the patient's name: the address may be shared (a parent's, a family's) and
 * the message sits in a mailbox we do not control (DESIGN §6, HIPAA minimum necessary).
 *
 * The confirm and cancel links carry their single-use token in the URL fragment
 * (`/appointments/respond#token=…`): browsers never send a fragment to the server, so the token
 * stays out of access logs, proxies and Referer headers, as with invitations (decision 0008). The
 * page posts it in a JSON body.
 *
 * Pure, so it is unit-tested as is.
 */

export type ReminderLocation = {
  name: string;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  /** E.164. */
  phone: string | null;
  /** IANA zone: the time is shown as the clinic's. */
  timeZone: string;
};

export type ReminderMessageInput = {
  to: string;
  /** The public origin, `config.appUrl`. */
  appUrl: string;
  practiceName: string;
  location: ReminderLocation;
  providerName: string;
  appointmentId: string;
  startsAt: Date;
  endsAt: Date;
  confirmToken: string;
  cancelToken: string;
  /** When the message is made (the attachment's DTSTAMP). */
  now: Date;
};

/** The link of an action token: the page that asks, then posts the token. */
export const appointmentActionLink = (appUrl: string, token: string): string =>
  `${appUrl.replace(/\/+$/, '')}/appointments/respond#token=${encodeURIComponent(token)}`;

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** "Tuesday, December 8, 2026 at 9:00 AM CST" in the location's zone (UTC if the zone is unknown). */
export const formatAppointmentTime = (at: Date, timeZone: string): string => {
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone }).format(at);
  } catch {
    // A bad zone in the data must not stop the reminder.
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).format(at);
  }
};

/** The address as lines: street lines, then "City, Region Postal code". */
export const addressLines = (location: ReminderLocation): string[] => {
  const cityLine = [location.city, [location.region, location.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return [location.addressLine1, location.addressLine2, cityLine].filter((line): line is string => Boolean(line));
};

/** Subject, plain text, HTML and the .ics attachment of a reminder. */
export const reminderMessage = (input: ReminderMessageInput): TEmailMessage => {
  const when = formatAppointmentTime(input.startsAt, input.location.timeZone);
  const confirm = appointmentActionLink(input.appUrl, input.confirmToken);
  const cancel = appointmentActionLink(input.appUrl, input.cancelToken);
  const address = addressLines(input.location);
  const phone = input.location.phone;
  const subject = `Appointment reminder: ${input.practiceName}`.slice(0, 200);

  const text = [
    `This is a reminder of your appointment at ${input.practiceName}.`,
    '',
    `When:  ${when}`,
    `With:  ${input.providerName}`,
    `Where: ${input.location.name}`,
    ...address.map((line) => `       ${line}`),
    ...(phone ? [`Phone: ${phone}`] : []),
    '',
    'Please confirm that you will come:',
    confirm,
    '',
    'If you cannot come, please cancel so someone else can have the time:',
    cancel,
    '',
    'Each link works once, until the appointment starts.',
    phone ? `To change the time, please call ${phone}.` : 'To change the time, please call the practice.',
  ].join('\n');

  const html = [
    '<!doctype html>',
    '<html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #111">',
    `<p>This is a reminder of your appointment at <strong>${escapeHtml(input.practiceName)}</strong>.</p>`,
    '<table role="presentation" style="border-collapse: collapse">',
    `<tr><th align="left" valign="top" style="padding-right: 1em">When</th><td>${escapeHtml(when)}</td></tr>`,
    `<tr><th align="left" valign="top" style="padding-right: 1em">With</th><td>${escapeHtml(input.providerName)}</td></tr>`,
    `<tr><th align="left" valign="top" style="padding-right: 1em">Where</th><td>${[input.location.name, ...address].map(escapeHtml).join('<br>')}</td></tr>`,
    ...(phone ? [`<tr><th align="left" valign="top" style="padding-right: 1em">Phone</th><td>${escapeHtml(phone)}</td></tr>`] : []),
    '</table>',
    `<p><a href="${escapeHtml(confirm)}">Confirm the appointment</a> &nbsp;·&nbsp; <a href="${escapeHtml(cancel)}">Cancel the appointment</a></p>`,
    '<p style="color: #555">Each link works once, until the appointment starts.</p>',
    '</body></html>',
  ].join('\n');

  const ics = buildIcs({
    method: 'PUBLISH',
    events: [
      {
        uid: appointmentUid(input.appointmentId),
        start: input.startsAt,
        end: input.endsAt,
        stamp: input.now,
        summary: `Appointment at ${input.practiceName}`,
        location: [input.location.name, ...address].join(', '),
        status: 'CONFIRMED',
      },
    ],
  });

  return {
    to: input.to,
    subject,
    text,
    html,
    attachments: [{ filename: 'appointment.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: ics }],
  };
};
