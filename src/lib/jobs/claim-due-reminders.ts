import 'server-only';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { queryRows, type Database } from '@/lib/db/client';
import { patients } from '@/lib/db/schema/patients';
import { locations, practices } from '@/lib/db/schema/practices';
import { appointmentReminders } from '@/lib/db/schema/reminders';
import { appointments, providers } from '@/lib/db/schema/scheduling';
import { unsafeSystemTx } from '@/lib/db/tx';
import { issueActionTokens } from '@/lib/domain/reminders/issue-action-tokens';
import { reminderLeadHoursOf } from '@/lib/domain/reminders/schemas';
import type { ReminderLocation } from '@/lib/email/reminder-message';

/** How long a claim holds a reminder: a worker that died mid-send is taken over after this. */
export const REMINDER_LEASE_MS = 10 * 60 * 1000;

/** A reminder this worker now owns, with what its message needs. Holds an email address: never log it. */
export type ClaimedReminder = {
  reminderId: string;
  claimId: string;
  attempt: number;
  practiceId: string;
  appointmentId: string;
  patientId: string;
  to: string;
  practiceName: string;
  providerName: string;
  location: ReminderLocation;
  startsAt: Date;
  endsAt: Date;
  confirmToken: string;
  cancelToken: string;
};

type Candidate = { practice_id: string; appointment_id: string; starts_at: string | Date };

export type ClaimDueRemindersOptions = { database: Database; now: Date; claimId: string; limit: number };

/**
 * Claims up to `limit` due reminders for this worker, in one short transaction, and issues their
 * confirm/cancel tokens. Due: an appointment booked or confirmed, starting after `now` and within
 * its practice's lead time, whose patient has an email address, and with no reminder for this start
 * time — or one whose last attempt failed and is due again, or whose claim ran out (lease).
 *
 * Exactly once across instances (decision 0015): the claim is `insert … on conflict (practice,
 * appointment, start) do update … where <failed and due, or lease expired>`. Two workers racing for
 * one reminder both try to write the same unique key; PostgreSQL makes the second wait for the
 * first's commit and then re-checks the WHERE against the committed row (`sending`, lease fresh),
 * so it gets nothing back. Rows are claimed in a fixed order (practice, appointment), so two
 * workers never lock the same keys in opposite orders.
 *
 * The mail is sent after this transaction commits (src/lib/jobs/send-due-reminders.ts): a slow mail
 * server must not hold a transaction open — on PGlite that would stop every request.
 *
 * A system job across practices: unsafeSystemTx as the owner, like the sync sweep; where the owner
 * is subject to row-level security (some managed PostgreSQL) it finds nothing to send.
 */
export const claimDueReminders = async ({ database, now, claimId, limit }: ClaimDueRemindersOptions): Promise<ClaimedReminder[]> =>
  unsafeSystemTx(database, async (tx) => {
    // The lead time is the practice's setting, read through its Zod rules here (one source of truth)
    // and handed to SQL as a small table.
    const leads = (await tx.select({ id: practices.id, settings: practices.settings }).from(practices).where(isNull(practices.deletedAt)))
      .map((practice) => ({ practice_id: practice.id, lead_hours: reminderLeadHoursOf(practice.settings) }))
      .filter((lead) => lead.lead_hours !== null);
    if (leads.length === 0) {
      return [];
    }
    const at = now.toISOString();
    const candidates = await queryRows<Candidate>(
      tx,
      sql`select a.practice_id, a.id as appointment_id, a.starts_at
          from jsonb_to_recordset(${JSON.stringify(leads)}::jsonb) as l(practice_id uuid, lead_hours int)
          join appointments a on a.practice_id = l.practice_id
          join patients p on p.practice_id = a.practice_id and p.id = a.patient_id
          left join appointment_reminders r
            on r.practice_id = a.practice_id and r.appointment_id = a.id and r.starts_at = a.starts_at
          where a.status in ('booked', 'confirmed') and a.deleted_at is null
            and a.starts_at > ${at}::timestamptz
            and a.starts_at <= ${at}::timestamptz + make_interval(hours => l.lead_hours)
            and p.email is not null and p.deleted_at is null and p.archived_at is null
            and (r.id is null
              or (r.status = 'sending' and r.claimed_until <= ${at}::timestamptz)
              or (r.status = 'failed' and r.next_attempt_at <= ${at}::timestamptz))
          order by a.starts_at, a.id
          limit ${limit}`,
    );
    if (candidates.length === 0) {
      return [];
    }
    const leaseEnd = new Date(now.getTime() + REMINDER_LEASE_MS);
    const ordered = [...candidates].sort((a, b) =>
      a.practice_id === b.practice_id ? a.appointment_id.localeCompare(b.appointment_id) : a.practice_id.localeCompare(b.practice_id),
    );
    const claimed = await tx
      .insert(appointmentReminders)
      .values(
        ordered.map((c) => ({
          id: uuidv7(),
          practiceId: c.practice_id,
          appointmentId: c.appointment_id,
          startsAt: new Date(c.starts_at),
          status: 'sending' as const,
          attempts: 1,
          claimId,
          claimedUntil: leaseEnd,
        })),
      )
      .onConflictDoUpdate({
        target: [appointmentReminders.practiceId, appointmentReminders.appointmentId, appointmentReminders.startsAt],
        set: {
          status: 'sending',
          attempts: sql`${appointmentReminders.attempts} + 1`,
          claimId,
          claimedUntil: leaseEnd,
          nextAttemptAt: null,
          updatedAt: sql`now()`,
        },
        setWhere: sql`(${appointmentReminders.status} = 'sending' and ${appointmentReminders.claimedUntil} <= ${at}::timestamptz)
          or (${appointmentReminders.status} = 'failed' and ${appointmentReminders.nextAttemptAt} <= ${at}::timestamptz)`,
      })
      .returning({
        id: appointmentReminders.id,
        practiceId: appointmentReminders.practiceId,
        appointmentId: appointmentReminders.appointmentId,
        startsAt: appointmentReminders.startsAt,
        attempts: appointmentReminders.attempts,
      });
    if (claimed.length === 0) {
      return [];
    }
    const details = await tx
      .select({
        appointmentId: appointments.id,
        practiceId: appointments.practiceId,
        patientId: appointments.patientId,
        endsAt: appointments.endsAt,
        email: patients.email,
        practiceName: practices.name,
        providerName: providers.displayName,
        location: {
          name: locations.name,
          addressLine1: locations.addressLine1,
          addressLine2: locations.addressLine2,
          city: locations.city,
          region: locations.region,
          postalCode: locations.postalCode,
          phone: locations.phone,
          timeZone: locations.timeZone,
        },
      })
      .from(appointments)
      .innerJoin(patients, and(eq(patients.practiceId, appointments.practiceId), eq(patients.id, appointments.patientId)))
      .innerJoin(practices, eq(practices.id, appointments.practiceId))
      .innerJoin(locations, and(eq(locations.practiceId, appointments.practiceId), eq(locations.id, appointments.locationId)))
      .innerJoin(providers, and(eq(providers.practiceId, appointments.practiceId), eq(providers.id, appointments.providerId)))
      .where(inArray(appointments.id, claimed.map((c) => c.appointmentId)));
    const byAppointment = new Map(details.map((d) => [d.appointmentId, d]));
    const out: ClaimedReminder[] = [];
    for (const claim of claimed) {
      const detail = byAppointment.get(claim.appointmentId);
      if (detail === undefined || detail.email === null) {
        continue; // cannot happen (same transaction as the candidate query); the lease frees it anyway
      }
      const tokens = await issueActionTokens(tx, { practiceId: claim.practiceId, appointmentId: claim.appointmentId, startsAt: claim.startsAt, reminderId: claim.id });
      out.push({
        reminderId: claim.id,
        claimId,
        attempt: claim.attempts,
        practiceId: claim.practiceId,
        appointmentId: claim.appointmentId,
        patientId: detail.patientId,
        to: detail.email,
        practiceName: detail.practiceName,
        providerName: detail.providerName,
        location: detail.location,
        startsAt: claim.startsAt,
        endsAt: detail.endsAt,
        confirmToken: tokens.confirm,
        cancelToken: tokens.cancel,
      });
    }
    return out;
  });
