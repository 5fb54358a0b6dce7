import 'server-only';
import { eq } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { practices } from '@/lib/db/schema/practices';
import { withActor } from '@/lib/db/tx';
import { reminderSettingsOf, type TReminderSettings } from './schemas';

export type GetReminderSettingsOptions = { database: Database; actor: PracticeActor; practiceId: string };

/** A practice's reminder settings as they apply (defaults filled in), for every member (`practice.read`). */
export const getReminderSettings = async ({ database, actor, practiceId }: GetReminderSettingsOptions): Promise<TReminderSettings> => {
  requirePracticePermission(actor, practiceId, 'practice.read');
  const [row] = await withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, (tx) =>
    tx.select({ settings: practices.settings }).from(practices).where(eq(practices.id, practiceId)),
  );
  if (row === undefined) {
    throw new AppError('NOT_FOUND');
  }
  return reminderSettingsOf(row.settings);
};
