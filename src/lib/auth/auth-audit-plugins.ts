import 'server-only';
import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware, getSessionFromCtx, isAPIError } from 'better-auth/api';
import { clientAddressFromHeaders } from '@/lib/api/client-address';
import { appendAudit } from '@/lib/audit/append-audit';
import type { Database } from '@/lib/db/client';
import { withActor } from '@/lib/db/tx';
import {
  CHANGE_PASSWORD,
  DISABLE_TWO_FACTOR,
  GENERATE_BACKUP_CODES,
  PASSKEY_DELETE,
  PASSKEY_REGISTER,
  SIGN_IN_METHOD_BY_PATH,
  VERIFY_BACKUP_CODE,
  VERIFY_TOTP,
} from './auth-paths';

/*
 * The audit side of better-auth (issue #4 §6): plugins whose after-hooks record sign-ins and
 * changes to passwords, email and factors in the installation chain, plus the small helpers the
 * hooks in auth.ts share. Kept apart from auth.ts so the instance's configuration reads on its own.
 */

export const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

export const stringField = (body: unknown, key: string): string | undefined => {
  const value = asRecord(body)[key];
  return typeof value === 'string' ? value : undefined;
};

export type AuditRequest = { headers?: Headers | undefined };

export const requestFacts = (ctx: AuditRequest) => ({
  ipAddress: ctx.headers ? clientAddressFromHeaders(ctx.headers) : null,
  userAgent: ctx.headers?.get('user-agent') ?? null,
});

/** The two-factor challenge cookie of a pending password sign-in, if any. */
export const pendingTwoFactor = async (ctx: AuthMiddlewareContext): Promise<string | null> =>
  (await ctx.getSignedCookie(ctx.context.createAuthCookie('two_factor').name, ctx.context.secret)) || null;

export type AuthMiddlewareContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** An installation-chain entry (`practiceId` null): identity events belong to no one practice. */
export const auditIdentityEvent = (
  database: Database,
  ctx: AuditRequest,
  entry: { userId: string | null; action: `${string}.${string}`; severity: 'info' | 'notice' | 'warning' | 'high' } & Partial<{
    targetType: string;
    targetId: string | null;
    actorLabel: string;
    metadata: Record<string, string | number | boolean | null>;
  }>,
) =>
  withActor(database, { userId: entry.userId, practiceIds: [] }, (tx) =>
    appendAudit(tx, {
      practiceId: null,
      action: entry.action,
      severity: entry.severity,
      actorUserId: entry.userId,
      actorLabel: entry.actorLabel ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      metadata: entry.metadata ?? {},
      ...requestFacts(ctx),
    }),
  );

/**
 * Records completed sign-ins in the audit log (installation chain: a sign-in belongs to no one
 * practice). A plugin rather than `hooks.after` because plugin hooks run after the user hook, in
 * plugin order: placed after twoFactor, it sees whether the password step ended in a session or
 * in a pending second factor (then `newSession` is null).
 */
export const signInAudit = (database: Database) =>
  ({
    id: 'openpractice-sign-in-audit',
    hooks: {
      after: [
        {
          matcher: (ctx) => (ctx.path ?? '') in SIGN_IN_METHOD_BY_PATH,
          handler: createAuthMiddleware(async (ctx) => {
            const created = ctx.context.newSession;
            if (!created) {
              return;
            }
            if (ctx.path === VERIFY_TOTP || ctx.path === VERIFY_BACKUP_CODE) {
              // A code verified without a pending sign-in confirms an enrolment: not a sign-in.
              if (!(await pendingTwoFactor(ctx))) {
                return;
              }
            }
            await auditIdentityEvent(database, ctx, {
              userId: created.user.id,
              action: 'auth.signed_in',
              severity: 'info',
              targetType: 'session',
              targetId: created.session.id,
              metadata: { method: SIGN_IN_METHOD_BY_PATH[ctx.path] ?? 'unknown' },
            });
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;

/** The id of the passkey that /passkey/verify-registration returned. */
export const returnedId = (returned: unknown): string | null => {
  const id = asRecord(returned).id;
  return typeof id === 'string' ? id : null;
};

/**
 * Records changes to a person's factors and password (issue #4: audit "MFA changes") in the
 * installation chain, after the endpoint succeeded. Placed after twoFactor and passkey like
 * {@link signInAudit}. Email changes are ours (src/lib/domain/identity/change-email.ts).
 */
export const accountSecurityAudit = (database: Database) =>
  ({
    id: 'openpractice-account-security-audit',
    hooks: {
      after: [
        {
          matcher: (ctx) =>
            [VERIFY_TOTP, DISABLE_TWO_FACTOR, GENERATE_BACKUP_CODES, CHANGE_PASSWORD, PASSKEY_REGISTER, PASSKEY_DELETE].includes(
              ctx.path ?? '',
            ),
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (returned === undefined || isAPIError(returned) || returned instanceof Response) {
              return;
            }
            // The session the change was made in (the request's: a new one, when better-auth replaced it).
            const session = ctx.context.session ?? (await getSessionFromCtx(ctx));
            const userId = session?.user.id ?? ctx.context.newSession?.user.id ?? null;
            if (userId === null) {
              return;
            }
            switch (ctx.path) {
              case VERIFY_TOTP: {
                // Confirming an enrolment replaces the session (newSession) without a pending sign-in.
                if (ctx.context.newSession && !(await pendingTwoFactor(ctx))) {
                  await auditIdentityEvent(database, ctx, {
                    userId,
                    action: 'auth.two_factor.enabled',
                    severity: 'notice',
                    targetType: 'user',
                    targetId: userId,
                    metadata: { method: 'totp' },
                  });
                }
                return;
              }
              case DISABLE_TWO_FACTOR:
                await auditIdentityEvent(database, ctx, {
                  userId,
                  action: 'auth.two_factor.disabled',
                  severity: 'warning',
                  targetType: 'user',
                  targetId: userId,
                  metadata: { method: 'totp' },
                });
                return;
              case GENERATE_BACKUP_CODES:
                await auditIdentityEvent(database, ctx, {
                  userId,
                  action: 'auth.backup_codes.regenerated',
                  severity: 'notice',
                  targetType: 'user',
                  targetId: userId,
                });
                return;
              case CHANGE_PASSWORD:
                await auditIdentityEvent(database, ctx, {
                  userId,
                  action: 'auth.password.changed',
                  severity: 'notice',
                  targetType: 'user',
                  targetId: userId,
                  metadata: { otherSessionsRevoked: asRecord(ctx.body).revokeOtherSessions === true },
                });
                return;
              case PASSKEY_REGISTER: {
                const record = asRecord(returned);
                await auditIdentityEvent(database, ctx, {
                  userId,
                  action: 'auth.passkey.added',
                  severity: 'notice',
                  targetType: 'passkey',
                  targetId: returnedId(returned),
                  metadata: {
                    name: typeof record.name === 'string' ? record.name : null,
                    deviceType: typeof record.deviceType === 'string' ? record.deviceType : null,
                    backedUp: record.backedUp === true,
                  },
                });
                return;
              }
              case PASSKEY_DELETE:
                await auditIdentityEvent(database, ctx, {
                  userId,
                  action: 'auth.passkey.removed',
                  severity: 'notice',
                  targetType: 'passkey',
                  targetId: stringField(ctx.body, 'id') ?? null,
                });
                return;
              default:
                return;
            }
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
