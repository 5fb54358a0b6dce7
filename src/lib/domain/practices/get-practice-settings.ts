import 'server-only';
import { eq } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { practices } from '@/lib/db/schema/practices';
import { withActor } from '@/lib/db/tx';
import { securitySettingsOf, type TPracticeSecuritySettings } from './schemas';

export type GetPracticeSettingsOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
};

export type PracticeSettingsView = {
  security: TPracticeSecuritySettings;
};

/**
 * A practice's settings as they apply (defaults filled in), for every member (`practice.read`):
 * staff may see the policies they work under. Another practice: NOT_FOUND.
 */
export const getPracticeSettings = async ({ database, actor, practiceId }: GetPracticeSettingsOptions): Promise<PracticeSettingsView> => {
  requirePracticePermission(actor, practiceId, 'practice.read');
  const [row] = await withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, (tx) =>
    tx.select({ settings: practices.settings }).from(practices).where(eq(practices.id, practiceId)),
  );
  if (row === undefined) {
    throw new AppError('NOT_FOUND');
  }
  return { security: securitySettingsOf(row.settings) };
};
