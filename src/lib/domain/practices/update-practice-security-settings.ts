import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import type { Database } from '@/lib/db/client';
import { practices } from '@/lib/db/schema/practices';
import { withActor } from '@/lib/db/tx';
import { securitySettingsOf, type TPracticeSecuritySettings, type TUpdatePracticeSecuritySettings } from './schemas';

export type UpdatePracticeSecuritySettingsOptions = {
  database: Database;
  actor: PracticeActor;
  practiceId: string;
  /** Already validated by ZUpdatePracticeSecuritySettings (the route wrapper answers 422 otherwise). */
  changes: TUpdatePracticeSecuritySettings;
  request: { requestId: string; ipAddress: string | null };
};

type SecurityKey = keyof TPracticeSecuritySettings;

/**
 * Changes a practice's security settings (`practice.settings.write`): merges the given keys into
 * `practices.settings`, leaving every other key as it was, and records `practice.settings_changed`
 * with `{ changes: { key: { from, to } } }` in the same transaction. `from` is the value that applied
 * (the default when none was stored). A value equal to the current one changes and records nothing.
 *
 * Takes effect at once: the idle timeout is read per request (src/lib/auth/idle-timeout.ts), so
 * every member's next request is held to the new value.
 */
export const updatePracticeSecuritySettings = async ({
  database,
  actor,
  practiceId,
  changes,
  request,
}: UpdatePracticeSecuritySettingsOptions): Promise<TPracticeSecuritySettings> => {
  requirePracticePermission(actor, practiceId, 'practice.settings.write');
  return withActor(database, { userId: actor.userId, practiceIds: [practiceId] }, async (tx) => {
    // Locked, so two admins saving at once are serialized and each audit entry's `from` is the
    // value the other one left.
    const [row] = await tx
      .select({ settings: practices.settings })
      .from(practices)
      .where(eq(practices.id, practiceId))
      .for('update');
    if (row === undefined) {
      throw new AppError('NOT_FOUND');
    }
    const current = securitySettingsOf(row.settings);
    const patch: Partial<TPracticeSecuritySettings> = {};
    const diff: Record<string, { from: number; to: number }> = {};
    for (const key of Object.keys(changes) as SecurityKey[]) {
      const to = changes[key];
      if (to !== undefined && to !== current[key]) {
        patch[key] = to;
        diff[key] = { from: current[key], to };
      }
    }
    if (Object.keys(patch).length === 0) {
      return current;
    }
    await tx
      .update(practices)
      // jsonb `||` merges the keys into the stored object; other settings stay untouched. now() (the
      // transaction's time) rather than the column's $onUpdate clock, so updated_at equals the
      // audit entry's recorded_at.
      .set({ settings: sql`${practices.settings} || ${JSON.stringify(patch)}::jsonb`, updatedAt: sql`now()` })
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
      metadata: { changes: diff },
    });
    return { ...current, ...patch };
  });
};
