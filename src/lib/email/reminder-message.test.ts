import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { ZEmailMessage } from './message';
import { appointmentActionLink, reminderMessage, type ReminderMessageInput } from './reminder-message';

const CONFIRM = 'C'.repeat(43);
const CANCEL = 'X'.repeat(43);

const input: ReminderMessageInput = {
  to: 'patient@example.com',
  appUrl: 'https://app.clinic.test/',
  practiceName: 'Riverside <Family> & Co',
  location: {
    name: 'Main Street Clinic',
    addressLine1: '100 Main St, Suite 4',
    addressLine2: null,
    city: 'Springfield',
    region: 'IL',
    postalCode: '62701',
    phone: '+12175550100',
    timeZone: 'America/Chicago',
  },
  providerName: 'Dr. Ada "Provider"',
  appointmentId: '0193a1b2-0000-7000-8000-000000000001',
  startsAt: new Date('2026-12-08T15:00:00.000Z'),
  endsAt: new Date('2026-12-08T15:30:00.000Z'),
  confirmToken: CONFIRM,
  cancelToken: CANCEL,
  now: new Date('2026-12-07T15:00:00.000Z'),
};

/** Everything a reader of the mailbox could see: subject, bodies, attachment. */
const everything = (message: ReturnType<typeof reminderMessage>) =>
  [message.subject, message.text, message.html ?? '', ...(message.attachments ?? []).map((a) => `${a.filename} ${a.content}`)].join('\n');

describe('reminder email', () => {
  it('puts each token in the fragment of the respond page', () => {
    const url = new URL(appointmentActionLink(input.appUrl, CONFIRM));
    expect(url.origin + url.pathname).toBe('https://app.clinic.test/appointments/respond');
    expect(url.search).toBe('');
    expect(url.hash).toBe(`#token=${CONFIRM}`);
  });

  it('names practice, location with address and phone, provider and the local time, with both links', () => {
    const message = reminderMessage(input);
    expect(ZEmailMessage.safeParse(message).success).toBe(true);
    expect(message.to).toBe(input.to);
    expect(message.subject).toContain('Riverside <Family> & Co');
    for (const part of [
      'Riverside <Family> & Co',
      'Main Street Clinic',
      '100 Main St, Suite 4',
      'Springfield, IL 62701',
      '+12175550100',
      'Dr. Ada "Provider"',
      `https://app.clinic.test/appointments/respond#token=${CONFIRM}`,
      `https://app.clinic.test/appointments/respond#token=${CANCEL}`,
    ]) {
      expect(message.text).toContain(part);
    }
    // 15:00 UTC is 9:00 in Chicago (CST) on 8 December.
    expect(message.text).toMatch(/Tuesday, December 8, 2026.*9:00\s?AM CST/);
  });

  it('shows the time in the location’s zone, not the server’s', () => {
    const tokyo = reminderMessage({ ...input, location: { ...input.location, timeZone: 'Asia/Tokyo' } });
    expect(tokyo.text).toMatch(/Wednesday, December 9, 2026.*12:00\s?AM GMT\+9/);
  });

  it('carries no clinical detail and no patient name, whatever else the caller holds', () => {
    const withExtras = {
      ...input,
      typeName: 'Chemotherapy infusion',
      notes: 'Bring HIV test results',
      patientName: 'Amara Okonkwo',
      reason: 'Prenatal visit',
    } as ReminderMessageInput;
    const all = everything(reminderMessage(withExtras));
    for (const secret of ['Chemotherapy', 'HIV', 'Amara', 'Okonkwo', 'Prenatal']) {
      expect(all).not.toContain(secret);
    }
  });

  it('escapes names in the HTML body', () => {
    const html = reminderMessage(input).html ?? '';
    expect(html).toContain('Riverside &#60;Family&#62; &#38; Co');
    expect(html).toContain('Dr. Ada &#34;Provider&#34;');
    expect(html).not.toContain('<Family>');
  });

  it('attaches a PUBLISH event that node-ical reads back: UID, UTC times, summary, location', () => {
    const [attachment] = reminderMessage(input).attachments ?? [];
    expect(attachment?.filename).toBe('appointment.ics');
    expect(attachment?.contentType).toMatch(/^text\/calendar/);
    const content = attachment?.content ?? '';
    expect(content).toContain('METHOD:PUBLISH\r\n');
    expect(content).toContain('DTSTART:20261208T150000Z\r\n');
    const events = Object.values(ical.sync.parseICS(content)).filter((c): c is VEvent => c?.type === 'VEVENT');
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.uid).toBe(`${input.appointmentId}@openpractice`);
    expect(event?.start.toISOString()).toBe(input.startsAt.toISOString());
    expect(event?.end?.toISOString()).toBe(input.endsAt.toISOString());
    expect(event?.summary).toBe('Appointment at Riverside <Family> & Co');
    expect(event?.location).toBe('Main Street Clinic, 100 Main St, Suite 4, Springfield, IL 62701');
  });

  it('says to call the practice when the location has no phone', () => {
    const message = reminderMessage({ ...input, location: { ...input.location, phone: null } });
    expect(message.text).not.toContain('Phone:');
    expect(message.text).toContain('please call the practice');
  });
});
