import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import type { Database } from '@/lib/db/client';
import { appointmentActionTokens } from '@/lib/db/schema/reminders';
import { unsafeSystemTx } from '@/lib/db/tx';
import { executeMutation } from '@/lib/sync/server/execute-mutation';
import type { SyncRequestMeta } from '@/lib/sync/server/push';
import { ACTION_TARGET, appointmentActionState } from './action-state';
import { PATIENT_LINK_ACTOR_ID, patientLinkActor } from './patient-link-actor';
import { ACTION_REFUSALS, INVALID_ACTION_LINK_MESSAGE, type TAppointmentActionResult } from './schemas';
import { unsafeFindActionToken } from './unsafe-find-action-token';

/** The cancellation reason recorded for a patient's cancel link (staff see it on the calendar). */
export const PATIENT_CANCEL_REASON = 'Cancelled by the patient from the reminder';

export type ApplyAppointmentActionOptions = {
  database: Database;
  token: string;
  request: SyncRequestMeta;
  now?: Date;
};

/**
 * Uses a reminder link: confirms or cancels its appointment, once.
 *
 * 1. Claim, in one short transaction: the token row is locked (FOR UPDATE), checked (unused,
 *    unexpired, appointment still at the emailed time and in a status that allows the action) and
 *    marked used, with a `appointment.link_used` audit entry. A second use — concurrent or later —
 *    waits for the lock, then finds `used_at` set and is refused (409) having changed nothing.
 * 2. Apply through `executeMutation` (the one write path: version, change log, audit, pokes) as the
 *    patient-link actor (patient-link-actor.ts). It runs its own transaction, which is why the claim
 *    comes first: the token can be single-use without reaching into the executor.
 * 3. If applying throws (the database went away), the claim is released so the patient can try the
 *    link again; a crash between 1 and 2 leaves the link spent and the appointment as it was — the
 *    patient is told to call the practice, and nothing happened twice.
 *
 * An appointment already in the target status (confirmed by phone meanwhile) spends the link and
 * answers `alreadyDone` without writing. The answer carries practice, time and zone — nothing else.
 */
export const applyAppointmentAction = async ({ database, token, request, now = new Date() }: ApplyAppointmentActionOptions): Promise<TAppointmentActionResult> => {
  const { found, state } = await unsafeSystemTx(database, async (tx) => {
    const hit = await unsafeFindActionToken(tx, token, { lock: true });
    if (hit === null) {
      throw new AppError('NOT_FOUND', INVALID_ACTION_LINK_MESSAGE);
    }
    const current = appointmentActionState(hit.token, hit.appointment, now);
    if (current !== 'open' && current !== 'done') {
      throw new AppError('CONFLICT', ACTION_REFUSALS[current]);
    }
    await tx.update(appointmentActionTokens).set({ usedAt: now }).where(eq(appointmentActionTokens.id, hit.token.id));
    await appendAudit(tx, {
      practiceId: hit.token.practiceId,
      action: 'appointment.link_used',
      severity: 'notice',
      occurredAt: now,
      actorUserId: PATIENT_LINK_ACTOR_ID,
      actorLabel: 'Patient (reminder link)',
      targetType: 'appointment',
      targetId: hit.appointment.id,
      patientId: hit.appointment.patientId,
      ipAddress: request.ipAddress,
      userAgent: request.userAgent,
      requestId: request.requestId,
      metadata: { tokenId: hit.token.id, action: hit.token.action, state: current },
    });
    return { found: hit, state: current };
  });

  const to = ACTION_TARGET[found.token.action];
  if (state === 'open') {
    try {
      const outcome = await executeMutation({
        database,
        actor: patientLinkActor(found.token.practiceId),
        name: 'appointments.transition',
        args: {
          practiceId: found.token.practiceId,
          appointmentId: found.appointment.id,
          to,
          from: found.appointment.status,
          reason: to === 'cancelled' ? PATIENT_CANCEL_REASON : null,
        },
        request,
        occurredAt: now,
      });
      if (outcome.status === 'conflict') {
        // Staff changed the status between the claim and the change (the executor recorded it for
        // them to see). The link stays spent: what it offered no longer applies.
        throw new AppError('CONFLICT', ACTION_REFUSALS.unavailable);
      }
    } catch (error) {
      if (!(error instanceof AppError)) {
        await releaseClaim(database, found.token, now);
      }
      throw error;
    }
  }
  return {
    action: found.token.action,
    outcome: to,
    alreadyDone: state === 'done',
    practiceName: found.practiceName,
    startsAt: found.token.startsAt.toISOString(),
    timeZone: found.timeZone,
  };
};

/** Gives a claimed link back after a failure that was not the patient's or the rules' doing. */
const releaseClaim = async (database: Database, token: { id: string; practiceId: string }, claimedAt: Date): Promise<void> => {
  await unsafeSystemTx(database, async (tx) => {
    await tx.execute(sql`select set_config('app.practice_ids', ${token.practiceId}, true)`);
    await tx
      .update(appointmentActionTokens)
      .set({ usedAt: null })
      .where(and(eq(appointmentActionTokens.id, token.id), eq(appointmentActionTokens.usedAt, claimedAt)));
  }).catch(() => undefined); // the database is likely what failed; the original error is what matters
};
