import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { appendAudit } from '@/lib/audit/append-audit';
import type { Database } from '@/lib/db/client';
import { appointmentActionTokens, appointmentReminders } from '@/lib/db/schema/reminders';
import { unsafeSystemTx } from '@/lib/db/tx';
import type { ClaimedReminder } from './claim-due-reminders';

/** Attempts before a reminder is given up on (it stays `failed` with no next attempt). */
export const MAX_REMINDER_ATTEMPTS = 5;
/** Minutes to wait after the n-th failed attempt (n = 1…4): a mail server that is down for a while. */
const RETRY_MINUTES = [5, 15, 45, 120] as const;

/** When a reminder that failed its `attempt`-th time is tried again, or null: never. */
export const nextAttemptAt = (attempt: number, now: Date): Date | null => {
  const minutes = attempt >= MAX_REMINDER_ATTEMPTS ? undefined : RETRY_MINUTES[attempt - 1];
  return minutes === undefined ? null : new Date(now.getTime() + minutes * 60_000);
};

export type ReminderOutcome = { sent: true } | { sent: false; errorCode: string };

/**
 * Records how a claimed reminder went, if this worker still holds the claim (`claim_id`): a worker
 * whose lease ran out and was taken over records nothing (the new holder decides). Returns whether
 * it recorded.
 * - sent: `sent`, audited (`appointment.reminder_sent`: ids only) in the same transaction;
 * - failed: `failed` with the next attempt time; the attempt's links are deleted, since no one
 *   received them (the next attempt issues its own).
 */
export const finishReminder = async (database: Database, reminder: ClaimedReminder, outcome: ReminderOutcome, now: Date): Promise<boolean> =>
  unsafeSystemTx(database, async (tx) => {
    await tx.execute(sql`select set_config('app.practice_ids', ${reminder.practiceId}, true)`);
    const mine = and(
      eq(appointmentReminders.practiceId, reminder.practiceId),
      eq(appointmentReminders.id, reminder.reminderId),
      eq(appointmentReminders.claimId, reminder.claimId),
      eq(appointmentReminders.status, 'sending'),
    );
    if (outcome.sent) {
      const updated = await tx
        .update(appointmentReminders)
        .set({ status: 'sent', sentAt: now, claimedUntil: null, lastError: null, updatedAt: sql`now()` })
        .where(mine)
        .returning({ id: appointmentReminders.id });
      if (updated.length === 0) {
        return false;
      }
      await appendAudit(tx, {
        practiceId: reminder.practiceId,
        action: 'appointment.reminder_sent',
        severity: 'info',
        occurredAt: now,
        actorLabel: 'reminder job',
        targetType: 'appointment',
        targetId: reminder.appointmentId,
        patientId: reminder.patientId,
        metadata: { reminderId: reminder.reminderId, attempt: reminder.attempt },
      });
      return true;
    }
    const updated = await tx
      .update(appointmentReminders)
      .set({
        status: 'failed',
        claimedUntil: null,
        nextAttemptAt: nextAttemptAt(reminder.attempt, now),
        lastError: outcome.errorCode.slice(0, 100),
        updatedAt: sql`now()`,
      })
      .where(mine)
      .returning({ id: appointmentReminders.id });
    if (updated.length === 0) {
      return false;
    }
    await tx
      .delete(appointmentActionTokens)
      .where(and(eq(appointmentActionTokens.practiceId, reminder.practiceId), eq(appointmentActionTokens.reminderId, reminder.reminderId)));
    return true;
  });
