import { and, count, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema/audit';
import { appointmentActionTokens, appointmentReminders } from '@/lib/db/schema/reminders';
import { updateReminderSettings } from '@/lib/domain/reminders/update-reminder-settings';
import { claimDueReminders } from '@/lib/jobs/claim-due-reminders';
import { sendDueReminders } from '@/lib/jobs/send-due-reminders';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { addMinutes, APP_URL, appointmentIdOf, chicago, createMailbox, seedReminderPractice, type ReminderFixture } from './fixture';

/*
 * The reminder job (issue #7 §7): due reminders go out once — also when two workers run at the
 * same moment on two connections — never for cancelled, past, far-off or address-less appointments,
 * again after a reschedule, and a failed send is retried later without re-sending what succeeded.
 * Each test works in its own practice and its own week, so the job (which serves every practice of
 * the database) never sees another test's appointments as due.
 */

let t: TestDatabase;
let database: Database;
/** A second, independent connection pool to the same database (PostgreSQL); PGlite has one connection. */
let second: Database;

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  second = database.driver === 'postgres' ? await createDatabase({ databaseUrl: database.pool.options.connectionString, maxConnections: 5 }) : database;
});
afterAll(async () => {
  if (second !== database) {
    await second.close();
  }
  await t.dispose();
});

const reminderRows = (appointmentIds: string[]) => database.db.select().from(appointmentReminders).where(inArray(appointmentReminders.appointmentId, appointmentIds));

/** `n` appointments on `day` from 09:00, an hour apart, one per patient; booked one by one (a device's pushes are in order). */
const bookEach = async (f: ReminderFixture, day: string, n: number): Promise<string[]> => {
  const ids: string[] = [];
  for (let index = 0; index < n; index += 1) {
    ids.push(await f.book(chicago(day, `${String(9 + index).padStart(2, '0')}:00`), { patient: index }));
  }
  return ids;
};

const run = (mailbox: ReturnType<typeof createMailbox>, now: Date, db: Database = database, batchSize?: number) =>
  sendDueReminders({ database: db, now, sendMail: mailbox.sendMail, appUrl: APP_URL, batchSize });

describe('sendDueReminders', () => {
  it('sends each due reminder exactly once when two workers on two connections run at the same time', async () => {
    const f = await seedReminderPractice(database);
    const day = '2027-01-12';
    const ids = await bookEach(f, day, 4);
    const now = new Date(chicago('2027-01-11', '12:00')); // the day before: all four within 24 hours
    const mailbox = createMailbox();
    mailbox.setDelay(30); // sending takes a while, so the workers' runs overlap
    // Several rounds, small batches: the workers race for the same rows again and again.
    for (let round = 0; round < 3; round += 1) {
      const results = await Promise.all([run(mailbox, now, database, 1), run(mailbox, now, second, 1), run(mailbox, now, database, 2), run(mailbox, now, second, 2)]);
      if (round > 0) {
        expect(results.map((r) => r.sent)).toEqual([0, 0, 0, 0]);
      }
    }
    const messages = f.mine(mailbox.sent);
    expect(messages.map(appointmentIdOf).sort()).toEqual([...ids].sort());
    const rows = await reminderRows(ids);
    expect(rows.map((row) => row.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    const [audited] = await database.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'appointment.reminder_sent'), inArray(auditLog.targetId, ids)));
    expect(audited?.n).toBe(4);
  });

  it('claims are exclusive: concurrent claims on two connections never hand out one reminder twice', async () => {
    const f = await seedReminderPractice(database);
    const ids = await bookEach(f, '2027-01-19', 3);
    const now = new Date(chicago('2027-01-18', '12:00'));
    const claims = await Promise.all([database, second, database, second].map((db) => claimDueReminders({ database: db, now, claimId: uuidv7(), limit: 10 })));
    const claimed = claims.flat().filter((c) => c.practiceId === f.practice.id);
    expect(claimed.map((c) => c.appointmentId).sort()).toEqual([...ids].sort());
    // Whoever did not get a reminder got nothing for it: one claim id per row.
    const rows = await reminderRows(ids);
    expect(rows.every((row) => row.status === 'sending')).toBe(true);
    expect(new Set(rows.map((row) => row.claimId)).size).toBeGreaterThanOrEqual(1);
    for (const row of rows) {
      expect(claimed.filter((c) => c.reminderId === row.id).map((c) => c.claimId)).toEqual([row.claimId]);
    }
  });

  it('sends nothing for cancelled, no-show, past, too-far-off or address-less appointments, and for a practice with reminders off', async () => {
    const f = await seedReminderPractice(database);
    const day = '2027-01-26';
    const now = new Date(chicago('2027-01-25', '15:00'));
    const cancelled = await f.book(chicago(day, '09:00'), { patient: 0 });
    await f.transition(cancelled, 'booked', 'cancelled', 'Patient called');
    const noShow = await f.book(chicago(day, '09:30'), { patient: 1 });
    await f.transition(noShow, 'booked', 'no_show');
    const past = await f.book(chicago('2027-01-25', '14:00'), { patient: 2 }); // an hour before `now`
    const farOff = await f.book(chicago(day, '16:00'), { patient: 3 }); // 25 hours after `now`
    const noEmail = await f.bookFor(f.noEmailPatientId, chicago(day, '11:00'));
    const due = await f.book(chicago(day, '12:00'), { patient: 0 });
    const mailbox = createMailbox();
    await run(mailbox, now);
    expect(f.mine(mailbox.sent).map(appointmentIdOf)).toEqual([due]);
    expect(await reminderRows([cancelled, noShow, past, farOff, noEmail])).toEqual([]);

    // The lead time is the practice's: 48 hours brings the far-off one in; off sends nothing more.
    const admin = { userId: f.owner.userId, memberships: f.owner.memberships };
    const request = { requestId: 'req-test', ipAddress: null };
    await updateReminderSettings({ database, actor: admin, practiceId: f.practice.id, changes: { reminderLeadHours: null }, request });
    const off = createMailbox();
    await run(off, now);
    expect(f.mine(off.sent)).toEqual([]);
    await updateReminderSettings({ database, actor: admin, practiceId: f.practice.id, changes: { reminderLeadHours: 48 }, request });
    const longer = createMailbox();
    await run(longer, now);
    expect(f.mine(longer.sent).map(appointmentIdOf)).toEqual([farOff]);
  });

  it('reminds again after a reschedule (one row per start time), and the first reminder’s links stop working', async () => {
    const f = await seedReminderPractice(database);
    const now = new Date(chicago('2027-02-01', '15:00'));
    const id = await f.book(chicago('2027-02-02', '09:00'));
    const mailbox = createMailbox();
    await run(mailbox, now);
    await f.reschedule(id, chicago('2027-02-02', '13:00'));
    await run(mailbox, addMinutes(now.toISOString(), 5));
    await run(mailbox, addMinutes(now.toISOString(), 10)); // nothing new: the new time was reminded
    const messages = f.mine(mailbox.sent);
    expect(messages.map(appointmentIdOf)).toEqual([id, id]);
    expect(messages[0]?.attachments?.[0]?.content).toContain('DTSTART:20270202T150000Z');
    expect(messages[1]?.attachments?.[0]?.content).toContain('DTSTART:20270202T190000Z');
    const rows = await reminderRows([id]);
    expect(rows.map((row) => row.startsAt.toISOString()).sort()).toEqual([chicago('2027-02-02', '09:00'), chicago('2027-02-02', '13:00')]);
  });

  it('retries a failed send after its backoff, without sending a successful one again', async () => {
    const f = await seedReminderPractice(database);
    const now = new Date(chicago('2027-02-08', '15:00'));
    const failing = await f.book(chicago('2027-02-09', '09:00'), { patient: 0 });
    const fine = await f.book(chicago('2027-02-09', '10:00'), { patient: 1 });
    const mailbox = createMailbox();
    mailbox.failFor.add(f.emailPatients[0]?.email ?? '');

    const first = await run(mailbox, now);
    expect(first.failed).toBeGreaterThanOrEqual(1);
    expect(f.mine(mailbox.sent).map(appointmentIdOf)).toEqual([fine]);
    const [failedRow] = await reminderRows([failing]);
    expect(failedRow).toMatchObject({ status: 'failed', attempts: 1, lastError: 'EENVELOPE', sentAt: null });
    expect(failedRow?.nextAttemptAt?.toISOString()).toBe(addMinutes(now.toISOString(), 5).toISOString());
    // The failed attempt's links reached no one: gone.
    const tokens = await database.db.select().from(appointmentActionTokens).where(eq(appointmentActionTokens.appointmentId, failing));
    expect(tokens).toEqual([]);

    // Before the backoff: nothing. The mail server is still refusing at the next attempt: failed twice.
    await run(mailbox, addMinutes(now.toISOString(), 4));
    await run(mailbox, addMinutes(now.toISOString(), 5));
    expect((await reminderRows([failing]))[0]).toMatchObject({ status: 'failed', attempts: 2 });
    // The server recovers: the next due attempt sends it, once; the successful one is never re-sent.
    mailbox.failFor.clear();
    await run(mailbox, addMinutes(now.toISOString(), 5 + 15));
    await run(mailbox, addMinutes(now.toISOString(), 60));
    expect(f.mine(mailbox.sent).map(appointmentIdOf)).toEqual([fine, failing]);
    expect((await reminderRows([failing]))[0]).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
  });

  it('takes over a reminder whose worker died mid-send, once its lease has run out', async () => {
    const f = await seedReminderPractice(database);
    const now = new Date(chicago('2027-02-15', '15:00'));
    const id = await f.book(chicago('2027-02-16', '09:00'));
    // A worker claims and "dies": no send, no record.
    const claimed = await claimDueReminders({ database, now, claimId: uuidv7(), limit: 10 });
    expect(claimed.map((c) => c.appointmentId)).toContain(id);
    const mailbox = createMailbox();
    await run(mailbox, addMinutes(now.toISOString(), 9));
    expect(f.mine(mailbox.sent)).toEqual([]);
    await run(mailbox, addMinutes(now.toISOString(), 10));
    expect(f.mine(mailbox.sent).map(appointmentIdOf)).toEqual([id]);
    expect((await reminderRows([id]))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('never puts the appointment type, notes or the patient’s name in the message', async () => {
    const f = await seedReminderPractice(database);
    const now = new Date(chicago('2027-02-22', '15:00'));
    const args = f.booking({
      patientId: f.emailPatients[0]?.id,
      typeId: f.ids.procedure,
      roomId: f.ids.rooms[0],
      startsAt: chicago('2027-02-23', '09:00'),
      endsAt: chicago('2027-02-23', '10:00'),
      notes: 'Bring the biopsy results',
    });
    const { results } = await f.desk.push([f.desk.envelope('appointments.book', args)]);
    expect(results[0]?.status).toBe('applied');
    const mailbox = createMailbox();
    await run(mailbox, now);
    const [message] = f.mine(mailbox.sent);
    expect(message).toBeDefined();
    const everything = JSON.stringify(message);
    const patient = f.emailPatients[0];
    for (const secret of ['Procedure', 'biopsy', patient?.givenName ?? '?', patient?.familyName ?? '?']) {
      expect(everything).not.toContain(secret);
    }
    expect(message?.text).toContain('Dr. Provider 1');
    expect(message?.text).toContain(f.location.name);
    expect(message?.to).toBe(patient?.email);
  });
});
