import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { sessionIsRecentlyAuthenticated } from '@/lib/auth/reauthentication';
import type { Database } from '@/lib/db/client';
import { users } from '@/lib/db/schema/auth';
import { withActor } from '@/lib/db/tx';

export type ChangeEmailOptions = {
  database: Database;
  /** The signed-in person; the session must be recently authenticated. */
  actor: { userId: string; sessionId: string };
  /** The new address, already normalized by `ZChangeEmail` (trimmed, lower-cased). */
  email: string;
  request: { requestId: string; ipAddress: string | null; userAgent: string | null };
};

const emailFieldError = (message: string) => new AppError('VALIDATION_FAILED', undefined, { fields: [{ path: 'email', message }] });

/** Postgres unique_violation: another account took the address between our check and the update. */
const isUniqueViolation = (error: unknown): boolean => {
  for (let current: unknown = error; typeof current === 'object' && current !== null; current = (current as { cause?: unknown }).cause) {
    if ((current as { code?: unknown }).code === '23505') {
      return true;
    }
  }
  return false;
};

/**
 * Changes the signed-in person's sign-in email, after a recent re-authentication (403
 * REAUTHENTICATION_REQUIRED otherwise). Ours rather than better-auth's `/change-email`, which in
 * 1.7.25 either mails a confirmation link (no mail flow for that here yet) or, for an unverified
 * address, silently answers success without changing anything when the new address belongs to
 * someone else — wrong for staff, who need to be told. An address in use is a field error: the
 * caller is a signed-in, re-authenticated member of staff, and sign-up already tells whether an
 * address is registered. The new address is unverified. Audited as `auth.email.changed` with both
 * addresses (staff data, as the typed email of a failed sign-in is): an account takeover usually
 * starts by changing the email, and investigators need to see from what to what.
 */
export const changeEmail = async ({ database, actor, email, request }: ChangeEmailOptions): Promise<{ email: string }> => {
  if (!(await sessionIsRecentlyAuthenticated({ database, sessionId: actor.sessionId }))) {
    throw new AppError('REAUTHENTICATION_REQUIRED');
  }
  // Owner connection: users is better-auth's identity table; the app role may not write it.
  const [current] = await database.db.select({ email: users.email }).from(users).where(eq(users.id, actor.userId)).limit(1);
  if (!current) {
    throw new AppError('UNAUTHENTICATED');
  }
  if (current.email === email) {
    throw emailFieldError('this is already your email address');
  }
  const [taken] = await database.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, email), ne(users.id, actor.userId)))
    .limit(1);
  if (taken) {
    throw emailFieldError('another account already uses this email address');
  }
  try {
    await database.db.update(users).set({ email, emailVerified: false }).where(eq(users.id, actor.userId));
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw emailFieldError('another account already uses this email address');
    }
    throw error;
  }
  await withActor(database, { userId: actor.userId, practiceIds: [] }, (tx) =>
    appendAudit(tx, {
      practiceId: null,
      action: 'auth.email.changed',
      severity: 'notice',
      actorUserId: actor.userId,
      targetType: 'user',
      targetId: actor.userId,
      ipAddress: request.ipAddress,
      userAgent: request.userAgent,
      requestId: request.requestId,
      metadata: { from: current.email, to: email },
    }),
  );
  return { email };
};
