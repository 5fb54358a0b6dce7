import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { appointmentUid, buildIcs, escapeIcsText, foldIcsLine, icsDateTime, type IcsEvent } from './ics';

const event = (overrides: Partial<IcsEvent> = {}): IcsEvent => ({
  uid: appointmentUid('0193A1B2-0000-7000-8000-000000000001'),
  start: new Date('2026-12-08T15:00:00.000Z'),
  end: new Date('2026-12-08T15:30:00.000Z'),
  stamp: new Date('2026-12-07T15:00:00.000Z'),
  summary: 'Appointment at Riverside Family Medicine',
  ...overrides,
});

const octets = (text: string) => new TextEncoder().encode(text).length;

const eventsOf = (text: string): VEvent[] =>
  Object.values(ical.sync.parseICS(text)).filter((component): component is VEvent => component?.type === 'VEVENT');

const textOf = (value: unknown): string => (typeof value === 'object' && value !== null && 'val' in value ? String(value.val) : String(value));

describe('escapeIcsText', () => {
  it('escapes backslash, semicolon, comma and every kind of line break', () => {
    expect(escapeIcsText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });

  it('drops control characters TEXT does not allow, keeps tabs and non-ASCII', () => {
    expect(escapeIcsText('A\u0000B\u0007C\tD\u007fé')).toBe('ABC\tDé');
  });
});

describe('icsDateTime', () => {
  it('writes UTC without separators or milliseconds', () => {
    expect(icsDateTime(new Date('2026-03-08T08:05:09.123Z'))).toBe('20260308T080509Z');
  });

  it('refuses an invalid date', () => {
    expect(() => icsDateTime(new Date('nope'))).toThrow(TypeError);
  });
});

describe('foldIcsLine', () => {
  it('leaves a line of 75 octets alone and folds a longer one at 75', () => {
    const exact = `SUMMARY:${'x'.repeat(67)}`;
    expect(foldIcsLine(exact)).toBe(exact);
    const long = `SUMMARY:${'x'.repeat(200)}`;
    const physical = foldIcsLine(long).split('\r\n');
    expect(physical.length).toBeGreaterThan(2);
    expect(octets(physical[0] ?? '')).toBe(75);
    for (const line of physical.slice(1)) {
      expect(line.startsWith(' ')).toBe(true);
      expect(octets(line)).toBeLessThanOrEqual(75);
    }
    expect(physical.map((line, index) => (index === 0 ? line : line.slice(1))).join('')).toBe(long);
  });

  it('counts octets, not characters, and never splits a multi-byte character', () => {
    const long = `LOCATION:${'Zürich Straße 東京 🏥 '.repeat(10)}`;
    const physical = foldIcsLine(long).split('\r\n');
    for (const line of physical) {
      expect(octets(line)).toBeLessThanOrEqual(75);
      // A split inside a character would leave U+FFFD after a round trip through UTF-8.
      expect(new TextDecoder().decode(new TextEncoder().encode(line))).not.toContain('\uFFFD');
    }
    expect(physical.map((line, index) => (index === 0 ? line : line.slice(1))).join('')).toBe(long);
  });
});

describe('buildIcs', () => {
  it('uses CRLF line endings throughout, ends with one, and has no bare LF', () => {
    const text = buildIcs({ method: 'PUBLISH', events: [event({ description: 'line one\nline two' })] });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) {
      expect(octets(line)).toBeLessThanOrEqual(75);
    }
  });

  it('writes a PUBLISH VEVENT with the appointment UID and UTC times', () => {
    const text = buildIcs({ method: 'PUBLISH', events: [event()] });
    expect(text).toContain('METHOD:PUBLISH\r\n');
    expect(text).toContain('UID:0193a1b2-0000-7000-8000-000000000001@openpractice\r\n');
    expect(text).toContain('DTSTART:20261208T150000Z\r\n');
    expect(text).toContain('DTEND:20261208T153000Z\r\n');
  });

  it('parses with node-ical: escaped and folded values come back as written', () => {
    const location = 'Suite 4, Building B; 100 Main St\\Annex\nSpringfield, IL 62701 — Zürich-Straße '.repeat(3);
    const summary = 'Appointment at O’Brien, Smith & Partners; Family Medicine';
    const text = buildIcs({
      method: 'PUBLISH',
      name: 'Dr. Provider, Riverside',
      refreshIntervalMinutes: 15,
      events: [event({ summary, location, status: 'CONFIRMED' }), event({ uid: appointmentUid('0193a1b2-0000-7000-8000-000000000002'), status: 'CANCELLED' })],
    });
    const parsed = ical.sync.parseICS(text);
    expect(parsed.vcalendar?.['WR-CALNAME']).toBe('Dr. Provider, Riverside');
    const events = eventsOf(text);
    expect(events).toHaveLength(2);
    const first = events.find((e) => e.uid === '0193a1b2-0000-7000-8000-000000000001@openpractice');
    expect(textOf(first?.summary)).toBe(summary);
    expect(textOf(first?.location)).toBe(location);
    expect(first?.start.toISOString()).toBe('2026-12-08T15:00:00.000Z');
    expect(first?.end?.toISOString()).toBe('2026-12-08T15:30:00.000Z');
    expect(first?.status).toBe('CONFIRMED');
    expect(events.find((e) => e.uid.endsWith('0002@openpractice'))?.status).toBe('CANCELLED');
  });

  it('refuses an event that does not end after it starts', () => {
    expect(() => buildIcs({ events: [event({ end: new Date('2026-12-08T15:00:00.000Z') })] })).toThrow(RangeError);
  });
});
