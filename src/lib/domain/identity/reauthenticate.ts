import 'server-only';
import { isAPIError } from 'better-auth/api';
import { symmetricDecrypt } from 'better-auth/crypto';
import { and, eq } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import type { Auth } from '@/lib/auth/auth';
import { verifyAgainstDummy, verifyPassword } from '@/lib/auth/password-hash';
import { stampReauthentication } from '@/lib/auth/reauthentication';
import {
  assertSignInAllowed,
  recordSignInFailure,
  type SignInThrottle,
} from '@/lib/auth/sign-in-throttle';
import { claimTotpStep, matchTotpStep } from '@/lib/auth/totp-replay';
import type { Database } from '@/lib/db/client';
import { accounts, twoFactors, users } from '@/lib/db/schema/auth';
import { withActor } from '@/lib/db/tx';
import { isTotpCode, type TReauthenticateResult, type TReauthenticationMethod } from './account-schemas';

export type ReauthenticateOptions = {
  database: Database;
  auth: Auth;
  /** The signed-in person and the session to mark as recently authenticated. */
  actor: { userId: string; sessionId: string };
  input: { password: string; code?: string | undefined };
  request: {
    requestId: string;
    ipAddress: string | null;
    userAgent: string | null;
    /** The request's headers (session cookie): a backup code is consumed through better-auth. */
    headers: Headers;
  };
  /** Defaults to the sign-in throttle on the process's rate limit store. */
  throttle?: SignInThrottle;
};

/** One answer for a wrong password and a wrong code: a session thief learns nothing about either. */
export const REAUTHENTICATION_FAILED_MESSAGE = 'The password or code is not correct.';

/**
 * Re-authenticates the signed-in person for a sensitive change: checks their password against the
 * credential account and, when they have TOTP, a code from the app (claimed through the replay
 * guard, so a code used to sign in cannot be used again here) or a backup code (consumed through
 * better-auth, so it works once). Success stamps `sessions.reauthenticated_at` and audits
 * `auth.reauthenticated`.
 *
 * Failures are sign-in failures: they count in the sign-in throttle for the person's email and the
 * client's address (10 per 15 minutes lock the pair, 429 afterwards), and are audited as
 * `auth.reauthentication.failed` — someone holding a session but guessing the password.
 */
export const reauthenticate = async ({
  database,
  auth,
  actor,
  input,
  request,
  throttle = { assertSignInAllowed, recordSignInFailure },
}: ReauthenticateOptions): Promise<TReauthenticateResult> => {
  const [user] = await database.db
    .select({ email: users.email, twoFactorEnabled: users.twoFactorEnabled })
    .from(users)
    .where(eq(users.id, actor.userId))
    .limit(1);
  if (!user) {
    throw new AppError('UNAUTHENTICATED');
  }
  const attempt = { email: user.email, address: request.ipAddress };
  // Throws RATE_LIMITED (429 with Retry-After) before any password is checked.
  await throttle.assertSignInAllowed(attempt);

  if (user.twoFactorEnabled && input.code === undefined) {
    // Not a guess, so not counted: the form asks for the code.
    throw new AppError('VALIDATION_FAILED', undefined, {
      fields: [{ path: 'code', message: 'enter the code from your authenticator app, or a backup code' }],
    });
  }

  const fail = async (reason: 'password' | 'code'): Promise<never> => {
    await throttle.recordSignInFailure(attempt);
    await withActor(database, { userId: actor.userId, practiceIds: [] }, (tx) =>
      appendAudit(tx, {
        practiceId: null,
        action: 'auth.reauthentication.failed',
        severity: 'warning',
        actorUserId: actor.userId,
        targetType: 'session',
        targetId: actor.sessionId,
        ipAddress: request.ipAddress,
        userAgent: request.userAgent,
        requestId: request.requestId,
        metadata: { reason },
      }),
    );
    throw new AppError('VALIDATION_FAILED', REAUTHENTICATION_FAILED_MESSAGE, {
      fields: [{ path: 'password', message: REAUTHENTICATION_FAILED_MESSAGE }],
    });
  };

  // Owner connection: accounts and two_factors are credentials, out of the app role's reach.
  const [account] = await database.db
    .select({ password: accounts.password })
    .from(accounts)
    .where(and(eq(accounts.userId, actor.userId), eq(accounts.providerId, 'credential')))
    .limit(1);
  const passwordOk =
    account?.password != null ? await verifyPassword(account.password, input.password) : await verifyAgainstDummy(input.password);
  if (!passwordOk) {
    return fail('password');
  }

  let method: TReauthenticationMethod = 'password';
  if (user.twoFactorEnabled && input.code !== undefined) {
    if (isTotpCode(input.code)) {
      const code = input.code.replace(/\s+/g, '');
      const [row] = await database.db
        .select({ secret: twoFactors.secret })
        .from(twoFactors)
        .where(eq(twoFactors.userId, actor.userId))
        .limit(1);
      const context = await auth.$context;
      const secret = row ? await symmetricDecrypt({ key: context.secretConfig, data: row.secret }) : null;
      const step = secret === null ? null : await matchTotpStep({ secret, code });
      // Claiming the step refuses a code already used (to sign in, or to re-authenticate).
      if (step === null || !(await claimTotpStep({ database, userId: actor.userId, step }))) {
        return fail('code');
      }
      method = 'password+totp';
    } else {
      // better-auth checks and removes the backup code atomically; with a session (not a pending
      // sign-in) and disableSession it creates nothing.
      const consumed = await auth.api
        .verifyBackupCode({ body: { code: input.code, disableSession: true }, headers: request.headers })
        .then(() => true)
        .catch((error: unknown) => {
          // A refused code is a 4xx; anything else (the database) is a real failure.
          if (isAPIError(error) && error.statusCode < 500) {
            return false;
          }
          throw error;
        });
      if (!consumed) {
        return fail('code');
      }
      method = 'password+backup_code';
    }
  }

  const at = new Date();
  await stampReauthentication({ database, sessionId: actor.sessionId, at });
  await withActor(database, { userId: actor.userId, practiceIds: [] }, (tx) =>
    appendAudit(tx, {
      practiceId: null,
      action: 'auth.reauthenticated',
      severity: 'info',
      actorUserId: actor.userId,
      targetType: 'session',
      targetId: actor.sessionId,
      ipAddress: request.ipAddress,
      userAgent: request.userAgent,
      requestId: request.requestId,
      metadata: { method },
    }),
  );
  return { reauthenticatedAt: at.toISOString(), method };
};
