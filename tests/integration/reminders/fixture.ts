import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { expect } from 'vitest';
import type { Database } from '@/lib/db/client';
import { unsafeSystemTx } from '@/lib/db/tx';
import { issueActionTokens } from '@/lib/domain/reminders/issue-action-tokens';
import type { TEmailMessage } from '@/lib/email/message';
import type { TMutationResult } from '@/lib/sync/protocol/push';
import { executeMutation } from '@/lib/sync/server/execute-mutation';
import { patientArgs } from '../../factories/patients';
import { seedLocation } from '../../factories/practices';
import { expectApplied, seedSchedulingPractice } from '../scheduling/fixture';

/*
 * Reminders on top of the scheduling fixture: patients with email addresses, booking at a given
 * instant, and a mail collector. Times are explicit instants (the job and the links take `now`), in
 * the fixture's Chicago working hours (08:00–17:00 local, 14:00–23:00 UTC in winter).
 */

export const APP_URL = 'https://clinic.test';

/** `day` (YYYY-MM-DD, a winter weekday) at `hhmm` Chicago time (UTC−6), as an ISO instant. */
export const chicago = (day: string, hhmm: string): string => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), (h ?? 0) + 6, m ?? 0)).toISOString();
};

export const addMinutes = (iso: string, minutes: number): Date => new Date(new Date(iso).getTime() + minutes * 60_000);

/** Collects sent mail; `failFor` makes sending to those addresses throw like a refusing mail server. */
export const createMailbox = () => {
  const sent: TEmailMessage[] = [];
  const failFor = new Set<string>();
  let delayMs = 0;
  return {
    sent,
    failFor,
    setDelay: (ms: number) => {
      delayMs = ms;
    },
    sendMail: async (message: TEmailMessage) => {
      if (delayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
      if (failFor.has(message.to)) {
        throw Object.assign(new Error(`550 mailbox unavailable: ${message.to}`), { code: 'EENVELOPE' });
      }
      sent.push(message);
    },
  };
};

/** The appointment id in a reminder's .ics attachment. */
export const appointmentIdOf = (message: TEmailMessage): string | undefined =>
  /UID:([0-9a-f-]{36})@openpractice/.exec(message.attachments?.[0]?.content ?? '')?.[1];

/** The confirm and cancel tokens of a reminder, in the order the text gives them. */
export const tokensOf = (message: TEmailMessage): { confirm: string; cancel: string } => {
  const [confirm, cancel] = [...message.text.matchAll(/\/appointments\/respond#token=([A-Za-z0-9_-]{43})/g)].map((match) => match[1] ?? '');
  if (!confirm || !cancel) {
    throw new Error('tokensOf: no links in the message');
  }
  return { confirm, cancel };
};

/** One mutation pushed and applied (a push that stopped at a gap answers fewer results: not applied). */
const appliedOne = (results: readonly TMutationResult[]) => expect(results.map((result) => result.status)).toEqual(['applied']);

export type ReminderFixture = Awaited<ReturnType<typeof seedReminderPractice>>;

export const seedReminderPractice = async (database: Database) => {
  const f = await seedSchedulingPractice(database);
  const p = f.practice.id;
  const emailPatients = [0, 1, 2, 3].map(() => patientArgs(p, { email: `patient-${randomBytes(4).toString('hex')}@example.com` }));
  expectApplied((await f.desk.push(emailPatients.map((args) => f.desk.envelope('patients.create', args)))).results);
  /** A patient without an email address (the scheduling fixture's patients have none). */
  const noEmailPatientId = f.patients[0]?.id ?? '';

  /** Books a 30-minute consultation at `startsAt`; returns its id. */
  const book = async (startsAt: string, { patient = 0, provider = 0 }: { patient?: number; provider?: 0 | 1 } = {}) => {
    const args = f.booking({
      patientId: emailPatients[patient]?.id,
      providerId: f.ids.providers[provider],
      startsAt,
      endsAt: addMinutes(startsAt, 30).toISOString(),
    });
    appliedOne((await f.desk.push([f.desk.envelope('appointments.book', args)])).results);
    return args.id;
  };
  const bookFor = async (patientId: string, startsAt: string) => {
    const args = f.booking({ patientId, startsAt, endsAt: addMinutes(startsAt, 30).toISOString() });
    appliedOne((await f.desk.push([f.desk.envelope('appointments.book', args)])).results);
    return args.id;
  };
  const transition = async (appointmentId: string, from: string, to: string, reason: string | null = null) =>
    appliedOne((await f.desk.push([f.desk.envelope('appointments.transition', { practiceId: p, appointmentId, from, to, reason })])).results);
  const reschedule = async (appointmentId: string, startsAt: string) =>
    appliedOne(
      (
        await f.desk.push([
          f.desk.envelope('appointments.reschedule', {
            practiceId: p,
            appointmentId,
            providerId: f.ids.providers[0],
            roomId: null,
            startsAt,
            endsAt: addMinutes(startsAt, 30).toISOString(),
            outOfHoursReason: null,
          }),
        ])
      ).results,
    );
  /** Messages of this practice only (the job serves every practice in the database). */
  const mine = (messages: readonly TEmailMessage[]) => messages.filter((message) => message.subject.includes(f.practice.name));

  return { ...f, emailPatients, noEmailPatientId, book, bookFor, transition, reschedule, mine };
};

/**
 * A booked appointment in the practice `practiceId` (which has nothing set up), built through the
 * mutation executor as a new owner: location, provider, type, patient, then the booking, `daysAhead`
 * days from the real clock (route tests run at the real time). For the access matrix.
 */
export const seedBookedAppointment = async (
  database: Database,
  { practiceId, ownerUserId, providerUserId, daysAhead = 2 }: { practiceId: string; ownerUserId: string; providerUserId: string; daysAhead?: number },
) => {
  const owner = { userId: ownerUserId, memberships: [{ practiceId, role: 'owner' as const }] };
  const request = { requestId: null, ipAddress: null, userAgent: 'vitest' };
  const run = (name: string, args: Record<string, unknown>) => executeMutation({ database, actor: owner, name, args: { practiceId, ...args }, request });
  const location = await seedLocation(database, { practice: { id: practiceId } });
  const providerId = uuidv7();
  await run('providers.save', { id: providerId, userId: providerUserId, displayName: 'Dr. Matrix', colour: '#2563eb', active: true });
  const typeId = uuidv7();
  await run('appointment_types.save', { id: typeId, name: 'Visit', durationMinutes: 30, colour: '#0ea5e9', needsRoom: false, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, active: true });
  const patient = patientArgs(practiceId, { email: `matrix-${randomBytes(4).toString('hex')}@example.com` });
  await run('patients.create', { ...patient, practiceId });
  const start = new Date(Date.now() + daysAhead * 24 * 3_600_000);
  start.setUTCMinutes(0, 0, 0);
  const appointmentId = uuidv7();
  await run('appointments.book', {
    id: appointmentId,
    patientId: patient.id,
    providerId,
    locationId: location.id,
    roomId: null,
    typeId,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 30 * 60_000).toISOString(),
    notes: null,
    outOfHoursReason: 'Test booking outside set hours',
  });
  return { appointmentId, providerId, startsAt: start, patient };
};

/** A provider (with its own new member) in a practice, saved through the executor as a new owner. */
export const seedProvider = async (database: Database, { practiceId, ownerUserId, providerUserId }: { practiceId: string; ownerUserId: string; providerUserId: string }) => {
  const id = uuidv7();
  await executeMutation({
    database,
    actor: { userId: ownerUserId, memberships: [{ practiceId, role: 'owner' }] },
    name: 'providers.save',
    args: { practiceId, id, userId: providerUserId, displayName: `Dr. ${randomBytes(2).toString('hex')}`, colour: '#16a34a', active: true },
    request: { requestId: null, ipAddress: null, userAgent: 'vitest' },
  });
  return id;
};

/** A confirm and a cancel link token for an appointment, issued as the reminder job does (outside a reminder). */
export const issueTokensFor = (database: Database, { practiceId, appointmentId, startsAt }: { practiceId: string; appointmentId: string; startsAt: Date }) =>
  unsafeSystemTx(database, async (tx) => {
    await tx.execute(sql`select set_config('app.practice_ids', ${practiceId}, true)`);
    return issueActionTokens(tx, { practiceId, appointmentId, startsAt, reminderId: null });
  });
