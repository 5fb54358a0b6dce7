/*
 * What the demo practices' calendars are made of (issue #7 §8): rooms, appointment types, who works
 * when, time off, recurring visits, front-desk notes and cancellation reasons. Data only; the
 * appointments themselves are generated around the date the demo is loaded
 * (./demo-schedule-plan.ts) and written through the executors (./demo-schedule.ts).
 *
 * Two people see patients in both demo practices: Dr. Priya Provider and Olivia Owner (an owner may
 * sign notes, so she may have a calendar). Their days are split between the practices so that
 * nobody is in Chicago and Boston on the same day — Priya sees Riverside patients Monday to
 * Wednesday and Harbor's on Thursday and Friday, Olivia the other way round — and each practice
 * has a clinician every weekday, Monday to Friday, with a lunch hour. (Fewer provider-days also
 * keep the first start short: every booking and status change goes through the executors.)
 */

/** Which demo account a calendar belongs to (DEMO_ACCOUNTS' role). */
export type DemoProviderAccount = 'provider' | 'owner';

export type DemoAppointmentType = {
  key: string;
  name: string;
  durationMinutes: number;
  colour: string;
  needsRoom: boolean;
  bufferMinutes: number;
  /** Relative share of the generated bookings. */
  weight: number;
};

export type DemoWorkingDay = {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Index into the practice's demo locations (DEMO_PRACTICES order). */
  location: number;
  /** Two ranges a day: the lunch hour is free. */
  ranges: readonly (readonly [string, string])[];
};

export type DemoCalendar = {
  account: DemoProviderAccount;
  displayName: string;
  colour: string;
  days: readonly DemoWorkingDay[];
};

/** A recurring visit: every `interval` weeks on the weekday, `count` times, the first `weeksBack` weeks before today's week. */
export type DemoSeries = {
  calendar: number;
  typeKey: string;
  weekday: number;
  startTime: string;
  interval: number;
  count: number;
  weeksBack: number;
  notes: string | null;
};

/** Time off, `weekOffset` weeks from today's week (negative: already past). Null times: the whole day. */
export type DemoTimeOff = {
  calendar: number;
  weekOffset: number;
  weekday: number;
  startTime: string | null;
  endTime: string | null;
  note: string;
};

export type DemoWaitlistEntry = {
  typeKey: string;
  /** Null: any provider. */
  calendar: number | null;
  timeOfDay: 'any' | 'morning' | 'afternoon' | 'evening';
  /** Latest acceptable date, in days from today (null: open). */
  withinDays: number | null;
  note: string | null;
};

export type DemoSchedule = {
  /** Room names per location (DEMO_PRACTICES order). */
  rooms: readonly (readonly string[])[];
  types: readonly DemoAppointmentType[];
  calendars: readonly DemoCalendar[];
  series: readonly DemoSeries[];
  timeOff: readonly DemoTimeOff[];
  waitlist: readonly DemoWaitlistEntry[];
  /** Front-desk notes (never clinical): logistics only. */
  notes: readonly string[];
};

const FULL_DAY = [
  ['08:00', '12:00'],
  ['13:00', '16:30'],
] as const;

const SHORT_DAY = [
  ['08:30', '12:00'],
  ['13:00', '15:30'],
] as const;

/** Why past or future appointments were cancelled: what the front desk writes, without clinical detail. */
export const DEMO_CANCEL_REASONS: readonly string[] = [
  'Patient called to cancel: childcare',
  'Patient called to cancel: work conflict',
  'Rescheduled at the patient’s request',
  'Patient cancelled: no transportation',
  'Clinic cancelled: provider called away',
  'Patient cancelled by text reminder reply',
];

/** Languages of the demo patients, for "Needs interpreter (…)" notes. */
export const DEMO_LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  es: 'Spanish',
  zh: 'Mandarin',
  pl: 'Polish',
  ar: 'Arabic',
  vi: 'Vietnamese',
  ru: 'Russian',
  tr: 'Turkish',
  ko: 'Korean',
  bn: 'Bengali',
  fr: 'French',
  pt: 'Portuguese',
  am: 'Amharic',
  it: 'Italian',
  el: 'Greek',
  so: 'Somali',
  de: 'German',
};

export const DEMO_SCHEDULES: Readonly<Record<string, DemoSchedule>> = {
  riverside: {
    rooms: [
      ['Exam 1', 'Exam 2', 'Procedure room'],
      ['Exam A', 'Procedure room'],
    ],
    types: [
      { key: 'follow-up', name: 'Follow-up', durationMinutes: 20, colour: '#0ea5e9', needsRoom: false, bufferMinutes: 0, weight: 30 },
      { key: 'new-patient', name: 'New patient', durationMinutes: 45, colour: '#6366f1', needsRoom: false, bufferMinutes: 0, weight: 12 },
      { key: 'annual-physical', name: 'Annual physical', durationMinutes: 40, colour: '#22c55e', needsRoom: false, bufferMinutes: 0, weight: 22 },
      { key: 'procedure', name: 'Procedure', durationMinutes: 60, colour: '#f97316', needsRoom: true, bufferMinutes: 10, weight: 8 },
      { key: 'telehealth', name: 'Telehealth', durationMinutes: 15, colour: '#a855f7', needsRoom: false, bufferMinutes: 0, weight: 12 },
      { key: 'results-review', name: 'Results review', durationMinutes: 15, colour: '#14b8a6', needsRoom: false, bufferMinutes: 0, weight: 8 },
    ],
    calendars: [
      {
        account: 'provider',
        displayName: 'Dr. Priya Provider',
        colour: '#2563eb',
        days: [
          { weekday: 1, location: 0, ranges: FULL_DAY },
          { weekday: 2, location: 1, ranges: SHORT_DAY },
          { weekday: 3, location: 0, ranges: FULL_DAY },
        ],
      },
      {
        account: 'owner',
        displayName: 'Dr. Olivia Owner',
        colour: '#0d9488',
        days: [
          { weekday: 4, location: 0, ranges: FULL_DAY },
          {
            weekday: 5,
            location: 0,
            ranges: [
              ['08:00', '12:00'],
              ['13:00', '15:00'],
            ],
          },
        ],
      },
    ],
    series: [
      { calendar: 0, typeKey: 'follow-up', weekday: 1, startTime: '08:00', interval: 1, count: 8, weeksBack: 3, notes: 'Standing weekly visit' },
      { calendar: 1, typeKey: 'follow-up', weekday: 4, startTime: '16:00', interval: 2, count: 5, weeksBack: 4, notes: 'Every other Thursday, last visit of the day' },
    ],
    timeOff: [
      { calendar: 0, weekOffset: 2, weekday: 3, startTime: null, endTime: null, note: 'Conference' },
      { calendar: 1, weekOffset: -2, weekday: 4, startTime: '13:00', endTime: '17:00', note: 'Practice management meeting' },
    ],
    waitlist: [
      { typeKey: 'annual-physical', calendar: 0, timeOfDay: 'morning', withinDays: 21, note: 'Wants an earlier physical before travelling' },
      { typeKey: 'new-patient', calendar: null, timeOfDay: 'any', withinDays: null, note: 'Can come at short notice' },
      { typeKey: 'follow-up', calendar: 1, timeOfDay: 'afternoon', withinDays: 14, note: 'Afternoons only (school pick-up)' },
    ],
    notes: [
      'Parking validation',
      'Wheelchair access needed',
      'Bring new insurance card',
      'Prefers text reminders',
      'Arriving by paratransit; may be early',
      'Form for employer to be completed at the visit',
      'Copay collected in advance',
    ],
  },
  harbor: {
    rooms: [['Exam 1', 'Exam 2', 'Treatment room']],
    types: [
      { key: 'well-child', name: 'Well-child visit', durationMinutes: 30, colour: '#22c55e', needsRoom: false, bufferMinutes: 0, weight: 34 },
      { key: 'sick-visit', name: 'Sick visit', durationMinutes: 20, colour: '#ef4444', needsRoom: false, bufferMinutes: 0, weight: 22 },
      { key: 'vaccination', name: 'Vaccination', durationMinutes: 15, colour: '#eab308', needsRoom: false, bufferMinutes: 0, weight: 12 },
      { key: 'follow-up', name: 'Follow-up', durationMinutes: 20, colour: '#0ea5e9', needsRoom: false, bufferMinutes: 0, weight: 10 },
      { key: 'new-patient', name: 'New patient', durationMinutes: 45, colour: '#6366f1', needsRoom: false, bufferMinutes: 0, weight: 10 },
      { key: 'procedure', name: 'Procedure', durationMinutes: 60, colour: '#f97316', needsRoom: true, bufferMinutes: 10, weight: 4 },
      { key: 'telehealth', name: 'Telehealth', durationMinutes: 15, colour: '#a855f7', needsRoom: false, bufferMinutes: 0, weight: 4 },
    ],
    calendars: [
      {
        account: 'provider',
        displayName: 'Dr. Priya Provider',
        colour: '#7c3aed',
        days: [
          {
            weekday: 4,
            location: 0,
            ranges: [
              ['08:30', '12:00'],
              ['13:00', '17:00'],
            ],
          },
          { weekday: 5, location: 0, ranges: SHORT_DAY },
        ],
      },
      {
        account: 'owner',
        displayName: 'Dr. Olivia Owner',
        colour: '#db2777',
        days: [
          { weekday: 1, location: 0, ranges: FULL_DAY },
          { weekday: 2, location: 0, ranges: FULL_DAY },
          { weekday: 3, location: 0, ranges: SHORT_DAY },
        ],
      },
    ],
    series: [
      { calendar: 1, typeKey: 'follow-up', weekday: 2, startTime: '08:00', interval: 1, count: 6, weeksBack: 2, notes: 'Standing Tuesday slot' },
      { calendar: 0, typeKey: 'follow-up', weekday: 4, startTime: '16:30', interval: 2, count: 4, weeksBack: 3, notes: null },
    ],
    timeOff: [
      { calendar: 1, weekOffset: -2, weekday: 2, startTime: null, endTime: null, note: 'Personal day' },
      { calendar: 0, weekOffset: 3, weekday: 4, startTime: '08:30', endTime: '12:00', note: 'Hospital rounds' },
    ],
    waitlist: [
      { typeKey: 'well-child', calendar: null, timeOfDay: 'afternoon', withinDays: 30, note: 'After school, any provider' },
      { typeKey: 'vaccination', calendar: null, timeOfDay: 'morning', withinDays: 10, note: 'Needs the visit before daycare starts' },
      { typeKey: 'sick-visit', calendar: 1, timeOfDay: 'any', withinDays: 3, note: null },
    ],
    notes: [
      'Parent will bring school form',
      'Sibling also attending',
      'Parking validation',
      'Stroller access, use the elevator entrance',
      'Grandparent bringing the patient; consent on file',
      'Daycare form to be signed',
    ],
  },
};
