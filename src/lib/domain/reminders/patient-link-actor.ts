import 'server-only';
import type { SyncActor } from '@/lib/sync/server/push';

/**
 * The user id recorded (audit `actor_user_id`, rows' `updated_by`) when a patient confirms or
 * cancels through a reminder link. It is no user: there is no `users` row, no account, no session
 * and no `practice_members` row with this id, so nobody can sign in as it or be given it, and the
 * permission matrix is unchanged. In the audit log this id means "the patient, through a reminder
 * link"; the link-use entry beside it names the token (decision 0015).
 */
export const PATIENT_LINK_ACTOR_ID = '00000000-0000-4000-8000-00000000a11c';

/**
 * The actor `executeMutation` runs a patient's link as: a membership that exists only in memory,
 * in the one practice the verified token belongs to, with the least role whose permissions cover an
 * appointment's status change (front desk: schedule.write). Built only by applyAppointmentAction,
 * after the token was found unused and unexpired, for the one mutation the token names; never
 * stored, never handed to anything that takes arguments from a request.
 *
 * Why not act as the practice's owner or a real member: the audit trail would then say a person
 * did what a patient did, and that person's deactivation would break every link.
 */
export const patientLinkActor = (practiceId: string): SyncActor => ({
  userId: PATIENT_LINK_ACTOR_ID,
  memberships: [{ practiceId, role: 'front_desk' }],
});
