import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/lib/db/client';
import { practices, locations } from '@/lib/db/schema/practices';
import { appointmentActionTokens } from '@/lib/db/schema/reminders';
import { appointments } from '@/lib/db/schema/scheduling';
import { hashLinkToken } from './link-token';

/** A link's token row with what the patient's page may show and what the action needs. */
export type FoundActionToken = {
  token: typeof appointmentActionTokens.$inferSelect;
  appointment: Pick<typeof appointments.$inferSelect, 'id' | 'practiceId' | 'patientId' | 'status' | 'startsAt' | 'deletedAt'>;
  practiceName: string;
  timeZone: string;
};

/**
 * The action token a link names, in whichever practice it is, or null; `lock` takes the token row
 * FOR UPDATE so two uses of one link take turns (the second then sees `used_at`).
 *
 * Why `unsafe`: call it only inside `unsafeSystemTx` (the owner connection, outside any actor's
 * scope). The patient holding the link has no account; the token is the capability: the lookup is
 * by the SHA-256 of a 256-bit random token (equality on a unique index), and callers reveal only the
 * appointment's practice, time and status to its holder. The transaction is scoped to the token's
 * practice (`app.practice_ids`) before anything else is read. As with invitations (decision 0008),
 * where the owner is subject to row-level security (some managed PostgreSQL), this finds nothing.
 */
export const unsafeFindActionToken = async (tx: Tx, token: string, { lock }: { lock: boolean }): Promise<FoundActionToken | null> => {
  const tokenHash = hashLinkToken(token);
  const query = tx.select().from(appointmentActionTokens).where(eq(appointmentActionTokens.tokenHash, tokenHash)).limit(1);
  const [row] = lock ? await query.for('update') : await query;
  if (row === undefined) {
    return null;
  }
  await tx.execute(sql`select set_config('app.practice_ids', ${row.practiceId}, true)`);
  const [context] = await tx
    .select({
      appointment: {
        id: appointments.id,
        practiceId: appointments.practiceId,
        patientId: appointments.patientId,
        status: appointments.status, startsAt: appointments.startsAt, deletedAt: appointments.deletedAt },
      practiceName: practices.name,
      timeZone: locations.timeZone,
    })
    .from(appointments)
    .innerJoin(practices, eq(practices.id, appointments.practiceId))
    .innerJoin(locations, and(eq(locations.practiceId, appointments.practiceId), eq(locations.id, appointments.locationId)))
    .where(and(eq(appointments.practiceId, row.practiceId), eq(appointments.id, row.appointmentId)));
  if (context === undefined) {
    return null;
  }
  return { token: row, ...context };
};
