import 'server-only';
import { and, eq } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { requirePracticePermission, type PracticeActor } from '@/lib/auth/authorize';
import { can } from '@/lib/auth/permissions';
import type { Tx } from '@/lib/db/client';
import { providers, type Provider } from '@/lib/db/schema/scheduling';

/**
 * The provider whose calendar feed `actor` may manage, locked FOR UPDATE (so two requests rotating
 * one feed take turns instead of tripping the one-live-token index). Who may:
 * - holders of `practice.settings.write` (owner, admin), for any provider of the practice;
 * - the provider themself, for their own calendar: it shows only what they already see, and a
 *   clinician should not need an administrator to put their own day on their phone.
 * Not a member: NOT_FOUND; no such provider in the practice (or another practice's): NOT_FOUND;
 * anyone else: FORBIDDEN. Call inside `withActor` scoped to `practiceId`.
 */
export const lockManagedProvider = async (tx: Tx, actor: PracticeActor, practiceId: string, providerId: string): Promise<Provider> => {
  const membership = requirePracticePermission(actor, practiceId, 'practice.read');
  const [provider] = await tx
    .select()
    .from(providers)
    .where(and(eq(providers.practiceId, practiceId), eq(providers.id, providerId.toLowerCase())))
    .for('update');
  if (provider === undefined || provider.deletedAt !== null) {
    throw new AppError('NOT_FOUND', 'This provider was not found.');
  }
  const own = provider.userId === actor.userId && can(membership.role, 'schedule.read');
  if (!own && !can(membership.role, 'practice.settings.write')) {
    throw new AppError('FORBIDDEN');
  }
  return provider;
};
