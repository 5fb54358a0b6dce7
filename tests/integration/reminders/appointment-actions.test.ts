import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema/audit';
import { appointmentActionTokens } from '@/lib/db/schema/reminders';
import { appointments } from '@/lib/db/schema/scheduling';
import { applyAppointmentAction, PATIENT_CANCEL_REASON } from '@/lib/domain/reminders/apply-appointment-action';
import { hashLinkToken } from '@/lib/domain/reminders/link-token';
import { PATIENT_LINK_ACTOR_ID } from '@/lib/domain/reminders/patient-link-actor';
import { previewAppointmentAction } from '@/lib/domain/reminders/preview-appointment-action';
import { ACTION_REFUSALS, INVALID_ACTION_LINK_MESSAGE } from '@/lib/domain/reminders/schemas';
import { sendDueReminders } from '@/lib/jobs/send-due-reminders';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { addMinutes, APP_URL, appointmentIdOf, chicago, createMailbox, seedReminderPractice, tokensOf, type ReminderFixture } from './fixture';

/*
 * The confirm and cancel links of a reminder (issue #7 §7): single use, valid until the appointment
 * starts, applied through the mutation executor as the patient-link actor, answering only practice
 * and time. Tokens come from real reminders (the job, with its own clock).
 */

let t: TestDatabase;
let database: Database;
let f: ReminderFixture;
const REQUEST = { requestId: 'req-link', ipAddress: '203.0.113.9', userAgent: 'vitest' };
const DAY = '2027-03-02';
/** The job's and the patient's clock: the day before the appointments. */
const NOW = new Date(chicago('2027-03-01', '15:00'));

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  f = await seedReminderPractice(database);
});
afterAll(async () => {
  await t.dispose();
});

/** Books at `hhmm` on DAY for `patient`, runs the job and returns the appointment id with its links. */
const remindedAppointment = async (hhmm: string, patient = 0) => {
  const id = await f.book(chicago(DAY, hhmm), { patient });
  const mailbox = createMailbox();
  await sendDueReminders({ database, now: NOW, sendMail: mailbox.sendMail, appUrl: APP_URL });
  const message = f.mine(mailbox.sent).find((m) => appointmentIdOf(m) === id);
  if (!message) {
    throw new Error('no reminder was sent');
  }
  return { id, ...tokensOf(message) };
};

const appointment = async (id: string) => (await database.db.select().from(appointments).where(eq(appointments.id, id)))[0];
const apply = (token: string, now = NOW) => applyAppointmentAction({ database, token, request: REQUEST, now });
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return { code: (error as AppError).code, message: (error as AppError).message };
};
const audits = async (action: string, targetId: string) =>
  (await database.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId))))[0]?.n;

describe('appointment action links', () => {
  it('confirms once, through the executor as the patient-link actor; the second use is refused', async () => {
    const { id, confirm } = await remindedAppointment('09:00');
    expect(await previewAppointmentAction({ database, token: confirm, now: NOW })).toEqual({
      action: 'confirm',
      state: 'open',
      practiceName: f.practice.name,
      startsAt: chicago(DAY, '09:00'),
      timeZone: 'America/Chicago',
    });
    expect(await appointment(id)).toMatchObject({ status: 'booked' }); // the preview changed nothing

    const result = await apply(confirm);
    expect(result).toEqual({ action: 'confirm', outcome: 'confirmed', alreadyDone: false, practiceName: f.practice.name, startsAt: chicago(DAY, '09:00'), timeZone: 'America/Chicago' });
    expect(await appointment(id)).toMatchObject({ status: 'confirmed', updatedBy: PATIENT_LINK_ACTOR_ID });
    const [changed] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'appointment.confirmed'), eq(auditLog.targetId, id)));
    expect(changed).toMatchObject({ actorUserId: PATIENT_LINK_ACTOR_ID, ipAddress: REQUEST.ipAddress });
    const [used] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'appointment.link_used'), eq(auditLog.targetId, id)));
    expect(used).toMatchObject({ actorUserId: PATIENT_LINK_ACTOR_ID, actorLabel: 'Patient (reminder link)', severity: 'notice' });

    expect(await refusal(apply(confirm))).toEqual({ code: 'CONFLICT', message: ACTION_REFUSALS.used });
    expect((await previewAppointmentAction({ database, token: confirm, now: NOW })).state).toBe('used');
    expect(await audits('appointment.confirmed', id)).toBe(1);
  });

  it('lets only one of two simultaneous uses of one link through', async () => {
    const { id, cancel } = await remindedAppointment('09:30', 1);
    const outcomes = await Promise.allSettled([apply(cancel), apply(cancel)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((o) => o.status === 'rejected');
    expect(rejected?.status === 'rejected' && (rejected.reason as AppError).code).toBe('CONFLICT');
    expect(await audits('appointment.cancelled', id)).toBe(1);
  });

  it('cancels with the patient’s reason, which frees the slot for another booking; the confirm link then has nothing to confirm', async () => {
    const { id, confirm, cancel } = await remindedAppointment('10:00', 2);
    expect(await apply(cancel)).toMatchObject({ outcome: 'cancelled', alreadyDone: false });
    expect(await appointment(id)).toMatchObject({ status: 'cancelled', cancelReason: PATIENT_CANCEL_REASON });
    // The same provider at the same time is free again.
    const other = f.booking({ patientId: f.emailPatients[3]?.id, startsAt: chicago(DAY, '10:00'), endsAt: chicago(DAY, '10:30') });
    const { results } = await f.desk.push([f.desk.envelope('appointments.book', other)]);
    expect(results.map((r) => r.status)).toEqual(['applied']);
    expect((await previewAppointmentAction({ database, token: confirm, now: NOW })).state).toBe('unavailable');
    expect(await refusal(apply(confirm))).toEqual({ code: 'CONFLICT', message: ACTION_REFUSALS.unavailable });
    // Refused without spending the link or writing anything.
    const [row] = await database.db.select().from(appointmentActionTokens).where(eq(appointmentActionTokens.tokenHash, hashLinkToken(confirm)));
    expect(row?.usedAt).toBeNull();
  });

  it('refuses an expired link (the appointment has started) and changes nothing', async () => {
    const { id, confirm } = await remindedAppointment('11:00', 3);
    const start = chicago(DAY, '11:00');
    expect(await refusal(apply(confirm, new Date(start)))).toEqual({ code: 'CONFLICT', message: ACTION_REFUSALS.expired });
    expect(await appointment(id)).toMatchObject({ status: 'booked' });
    // A minute before, it still works.
    expect(await apply(confirm, addMinutes(start, -1))).toMatchObject({ outcome: 'confirmed' });
  });

  it('refuses a link for a time the appointment no longer has', async () => {
    const { id, confirm } = await remindedAppointment('12:00');
    await f.reschedule(id, chicago(DAY, '15:00'));
    expect(await refusal(apply(confirm))).toEqual({ code: 'CONFLICT', message: ACTION_REFUSALS.changed });
    const preview = await previewAppointmentAction({ database, token: confirm, now: NOW });
    // The page learns the time the email showed, never the new one.
    expect(preview).toMatchObject({ state: 'changed', startsAt: chicago(DAY, '12:00') });
    expect(await appointment(id)).toMatchObject({ status: 'booked' });
  });

  it('answers alreadyDone for an appointment the front desk confirmed meanwhile, writing no second change', async () => {
    const { id, confirm } = await remindedAppointment('13:00', 1);
    await f.transition(id, 'booked', 'confirmed');
    expect((await previewAppointmentAction({ database, token: confirm, now: NOW })).state).toBe('done');
    expect(await apply(confirm)).toMatchObject({ outcome: 'confirmed', alreadyDone: true });
    expect(await audits('appointment.confirmed', id)).toBe(1);
  });

  it('answers NOT_FOUND for a token nobody issued, and carries no patient data in any answer', async () => {
    expect(await refusal(apply('A'.repeat(43)))).toEqual({ code: 'NOT_FOUND', message: INVALID_ACTION_LINK_MESSAGE });
    expect(await refusal(previewAppointmentAction({ database, token: 'A'.repeat(43) }))).toMatchObject({ code: 'NOT_FOUND' });
    const { cancel } = await remindedAppointment('14:00', 2);
    const answers = JSON.stringify([await previewAppointmentAction({ database, token: cancel, now: NOW }), await apply(cancel)]);
    const patient = f.emailPatients[2];
    for (const secret of [patient?.givenName, patient?.familyName, patient?.email, patient?.id, 'Consultation', 'Dr. Provider']) {
      expect(answers).not.toContain(secret ?? '?');
    }
  });
});
