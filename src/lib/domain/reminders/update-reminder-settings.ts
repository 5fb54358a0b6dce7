import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { practices } from '@/lib/db/schema/practices';
import { withActor } from '@/lib/db/tx';
import { reminderSettingsOf, type TReminderSettings, type TUpdateReminderSettings } from './schemas';

export type UpdateReminderSettingsOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  /** Already validated by ZUpdateReminderSettings. */
  changes: TUpdateReminderSettings;
  request: { requestId: string; ipAddress: string | null };
};

/**
 * Changes when reminders go out (`practice.settings.write`), like the security settings: merges the
 * keys into `practices.settings`, leaves every other key alone, and records
 * `practice.settings_changed` with `{ changes: { key: { from, to } } }` (null: off) in the same
 * transaction. An unchanged value writes and records nothing. The reminder job reads the setting on
 * every run, so it applies from the next minute; reminders already sent stay sent.
 */
export const updateReminderSettings = async ({ database, actor, practiceId, changes, request }: UpdateReminderSettingsOptions): Promise<TReminderSettings> => {
  requirePracticePermission(actor, practiceId, 'practice.settings.write');
  return withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) => {
    // Locked so that two admins saving at once are serialized and each audit `from` is exact.
    const [row] = await tx.select({ settings: practices.settings }).from(practices).where(eq(practices.id, practiceId)).for('update');
    if (row === undefined) {
      throw new AppError('NOT_FOUND');
    }
    const current = reminderSettingsOf(row.settings);
    const to = changes.reminderLeadHours;
    if (to === undefined || to === current.reminderLeadHours) {
      return current;
    }
    await tx
      .update(practices)
      .set({ settings: sql`${practices.settings} || ${JSON.stringify({ reminderLeadHours: to })}::jsonb`, updatedAt: sql`now()` })
      .where(eq(practices.id, practiceId));
    await appendAudit(tx, {
      practiceId,
      actorUserId: actor.userId,
      action: 'practice.settings_changed',
      severity: 'notice',
      targetType: 'practice',
      targetId: practiceId,
      ipAddress: request.ipAddress,
      requestId: request.requestId,
      metadata: { changes: { reminderLeadHours: { from: current.reminderLeadHours, to } } },
    });
    return { reminderLeadHours: to };
  });
};
