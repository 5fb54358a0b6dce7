/*
 * iCalendar (RFC 5545) text for reminder attachments and provider calendar feeds. Pure: no I/O,
 * no clock, no time zone database — every time is written in UTC (`…Z`), which every calendar
 * application converts to its own zone, so no VTIMEZONE is needed.
 *
 * The rules that calendar parsers are strict about, and why they are here:
 * - lines end with CRLF (§3.1), including the last one;
 * - a content line longer than 75 octets is folded: CRLF plus one space, then the rest (§3.1). The
 *   limit is in octets of UTF-8, and a fold never splits a multi-byte character (a parser that
 *   unfolds before decoding would be fine, one that decodes each physical line would not);
 * - TEXT values escape backslash, semicolon and comma, and write line breaks as `\n` (§3.3.11);
 *   other control characters are not allowed in TEXT and are dropped.
 */

export type IcsEventStatus = 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';

export type IcsEvent = {
  /** Globally unique and stable across updates (a calendar app replaces the event with this UID). */
  uid: string;
  start: Date;
  end: Date;
  /** When this copy of the event was written (DTSTAMP). */
  stamp: Date;
  summary: string;
  location?: string | null;
  description?: string | null;
  status?: IcsEventStatus | null;
  lastModified?: Date | null;
};

export type IcsCalendar = {
  /** `PUBLISH`: an event to show, not an invitation to answer (no ORGANIZER/ATTENDEE needed). */
  method?: 'PUBLISH' | null;
  /** The calendar's name in subscribing apps (X-WR-CALNAME, a de facto standard). */
  name?: string | null;
  /** How often subscribers should refresh (REFRESH-INTERVAL, RFC 7986; X-PUBLISHED-TTL). */
  refreshIntervalMinutes?: number | null;
  events: readonly IcsEvent[];
};

export const ICS_PRODUCT_ID = '-//OpenPractice//Appointments//EN';

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;
const encoder = new TextEncoder();

/** The UID of an appointment's event: stable, so updates replace the event instead of adding one. */
export const appointmentUid = (appointmentId: string): string => `${appointmentId.toLowerCase()}@openpractice`;

/** A TEXT value with `\`, `;`, `,` and line breaks escaped, other control characters removed. */
export const escapeIcsText = (text: string): string =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    // Exactly the control characters TEXT forbids (tab stays; line breaks were escaped above).
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');

/** A UTC DATE-TIME: `20261208T150000Z` (seconds kept, milliseconds dropped). */
export const icsDateTime = (date: Date): string => {
  if (Number.isNaN(date.getTime())) {
    throw new TypeError('icsDateTime: invalid date');
  }
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
};

/**
 * One content line folded to at most 75 octets per physical line, continuation lines starting with
 * a space (which counts toward their 75). Splits between characters, never inside one.
 */
export const foldIcsLine = (line: string): string => {
  if (encoder.encode(line).length <= MAX_LINE_OCTETS) {
    return line;
  }
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_LINE_OCTETS - 1; // the leading space of the continuation line
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
};

const textProperty = (name: string, value: string): string => `${name}:${escapeIcsText(value)}`;

const eventLines = (event: IcsEvent): string[] => {
  if (!(event.start.getTime() < event.end.getTime())) {
    throw new RangeError('buildIcs: an event must end after it starts');
  }
  return [
    'BEGIN:VEVENT',
    textProperty('UID', event.uid),
    `DTSTAMP:${icsDateTime(event.stamp)}`,
    `DTSTART:${icsDateTime(event.start)}`,
    `DTEND:${icsDateTime(event.end)}`,
    textProperty('SUMMARY', event.summary),
    ...(event.location ? [textProperty('LOCATION', event.location)] : []),
    ...(event.description ? [textProperty('DESCRIPTION', event.description)] : []),
    ...(event.status ? [`STATUS:${event.status}`] : []),
    ...(event.lastModified ? [`LAST-MODIFIED:${icsDateTime(event.lastModified)}`] : []),
    'END:VEVENT',
  ];
};

/** A whole VCALENDAR object, CRLF line endings and folding included. */
export const buildIcs = (calendar: IcsCalendar): string => {
  const refresh = calendar.refreshIntervalMinutes;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${ICS_PRODUCT_ID}`,
    'CALSCALE:GREGORIAN',
    ...(calendar.method ? [`METHOD:${calendar.method}`] : []),
    ...(calendar.name ? [textProperty('X-WR-CALNAME', calendar.name)] : []),
    ...(refresh ? [`REFRESH-INTERVAL;VALUE=DURATION:PT${refresh}M`, `X-PUBLISHED-TTL:PT${refresh}M`] : []),
    ...calendar.events.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
};
