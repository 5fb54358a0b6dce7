import 'server-only';
import { betterAuth, type BetterAuthPlugin } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware, getSessionFromCtx } from 'better-auth/api';
import { symmetricDecrypt } from 'better-auth/crypto';
import { nextCookies } from 'better-auth/next-js';
import { twoFactor } from 'better-auth/plugins/two-factor';
import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { clientAddressFromHeaders } from '@/lib/api/client-address';
import { isAppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { getConfig } from '@/lib/config/env';
import { getDatabase, type Database } from '@/lib/db/client';
import { withActor } from '@/lib/db/tx';
import { accounts, sessions, twoFactors, users, verifications } from '@/lib/db/schema/auth';
import { resolveAuthSecret } from './auth-secret';
import { hashPassword, verifyPassword } from './password-hash';
import { checkPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';
import { assertSignInAllowed, recordSignInFailure, type SignInThrottle } from './sign-in-throttle';
import { claimTotpStep, matchTotpStep } from './totp-replay';

/*
 * better-auth: identity only (users, sessions, credential accounts, verifications, TOTP two-factor).
 * Practices and memberships are our own tables under row-level security
 * (docs/decisions/0006-identity-and-sessions.md).
 * better-auth talks to the database on the owner connection through its Drizzle adapter; the
 * identity tables have no RLS, and it never touches tenant tables.
 */

/** Cookie names start with `__Host-`: Secure, Path=/, no Domain, so no sibling host can set them. */
export const AUTH_COOKIE_PREFIX = '__Host-openpractice';

/** The session cookie's name (tests and the e2e fixtures read it). */
export const SESSION_COOKIE_NAME = `${AUTH_COOKIE_PREFIX}.session_token`;

/** Absolute session lifetime (DESIGN §6): never extended by activity. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** How recent a sign-in must be for sensitive changes (disabling two-factor, and the like). */
export const SESSION_FRESH_AGE_SECONDS = 15 * 60;

/** The one answer to a wrong password *and* an unknown email (DESIGN §6). */
export const INVALID_CREDENTIALS_MESSAGE = 'Email or password is incorrect.';

export type CreateAuthOptions = {
  /** Public origin (`config.appUrl`): base URL of the auth routes and the only trusted origin. */
  appUrl: string;
  /** At least 32 characters (see auth-secret.ts). */
  secret: string;
  /** Defaults to the throttle on the process's rate limit store. */
  signInThrottle?: SignInThrottle;
};

const SIGN_IN_EMAIL = '/sign-in/email';
const VERIFY_TOTP = '/two-factor/verify-totp';
const VERIFY_BACKUP_CODE = '/two-factor/verify-backup-code';
const SIGN_IN_METHOD_BY_PATH: Readonly<Record<string, string>> = {
  [SIGN_IN_EMAIL]: 'password',
  [VERIFY_TOTP]: 'password+totp',
  [VERIFY_BACKUP_CODE]: 'password+backup_code',
};
const PASSWORD_CHANGING_PATHS: ReadonlySet<string> = new Set(['/change-password', '/reset-password', '/set-password']);

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

const stringField = (body: unknown, key: string): string | undefined => {
  const value = asRecord(body)[key];
  return typeof value === 'string' ? value : undefined;
};

type AuditRequest = { headers?: Headers | undefined };

const requestFacts = (ctx: AuditRequest) => ({
  ipAddress: ctx.headers ? clientAddressFromHeaders(ctx.headers) : null,
  userAgent: ctx.headers?.get('user-agent') ?? null,
});

/**
 * Records completed sign-ins in the audit log (installation chain: a sign-in belongs to no one
 * practice). A plugin rather than `hooks.after` because plugin hooks run after the user hook, in
 * plugin order: placed after twoFactor, it sees whether the password step ended in a session or
 * in a pending second factor (then `newSession` is null).
 */
const signInAudit = (database: Database) =>
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
            if (ctx.path !== SIGN_IN_EMAIL) {
              // A code verified without a pending sign-in confirms an enrolment: not a sign-in.
              const pending = await ctx.getSignedCookie(ctx.context.createAuthCookie('two_factor').name, ctx.context.secret);
              if (!pending) {
                return;
              }
            }
            const userId = created.user.id;
            await withActor(database, { userId, practiceIds: [] }, (tx) =>
              appendAudit(tx, {
                practiceId: null,
                action: 'auth.signed_in',
                severity: 'info',
                actorUserId: userId,
                targetType: 'session',
                targetId: created.session.id,
                metadata: { method: SIGN_IN_METHOD_BY_PATH[ctx.path] ?? 'unknown' },
                ...requestFacts(ctx),
              }),
            );
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;

/**
 * Builds a better-auth instance on `database`. The app uses the process's instance ({@link getAuth});
 * tests build their own on a test database.
 */
export const createAuth = (
  database: Database,
  { appUrl, secret, signInThrottle = { assertSignInAllowed, recordSignInFailure } }: CreateAuthOptions,
) => {
  /** The user a TOTP code is being verified for: the signed-in user, or the pending sign-in's. */
  const totpUserId = async (ctx: Parameters<Parameters<typeof createAuthMiddleware>[0]>[0]): Promise<string | null> => {
    const session = await getSessionFromCtx(ctx);
    if (session) {
      return session.user.id;
    }
    const cookieName = ctx.context.createAuthCookie('two_factor').name;
    const identifier = await ctx.getSignedCookie(cookieName, ctx.context.secret);
    if (!identifier) {
      return null;
    }
    const pending = await ctx.context.internalAdapter.findVerificationValue(identifier);
    return pending?.value ?? null;
  };

  return betterAuth({
    appName: 'OpenPractice',
    baseURL: appUrl,
    basePath: '/api/auth',
    secret,
    trustedOrigins: [appUrl],
    database: drizzleAdapter(database.db, {
      provider: 'pg',
      schema: { user: users, session: sessions, account: accounts, verification: verifications, twoFactor: twoFactors },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      autoSignIn: true,
      password: {
        hash: hashPassword,
        verify: ({ hash, password }) => verifyPassword(hash, password),
      },
    },
    session: {
      expiresIn: SESSION_MAX_AGE_SECONDS,
      // Absolute lifetime: better-auth would otherwise push expiresAt forward as the session is used.
      disableSessionRefresh: true,
      freshAge: SESSION_FRESH_AGE_SECONDS,
    },
    // Our own throttle (sign-in-throttle.ts) counts failures per account and address in the hooks
    // below; better-auth's limiter keys by IP only and keeps its counters in memory.
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: AUTH_COOKIE_PREFIX,
      // better-auth would add `__Secure-` in front of our `__Host-` prefix; the attributes below make
      // every cookie Secure instead (browsers accept Secure cookies on http://localhost).
      useSecureCookies: false,
      defaultCookieAttributes: { secure: true, httpOnly: true, sameSite: 'lax', path: '/' },
      database: { generateId: () => uuidv7() },
    },
    // Sign-up creates a practice with its owner, through POST /api/v1/signup
    // (src/lib/domain/identity/sign-up.ts), which calls auth.api.signUpEmail on the server. The
    // bare endpoint would create users without a practice and skip the password policy.
    disabledPaths: ['/sign-up/email'],
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === SIGN_IN_EMAIL) {
          const email = stringField(ctx.body, 'email')?.trim().toLowerCase() ?? '';
          const address = ctx.headers ? clientAddressFromHeaders(ctx.headers) : null;
          try {
            await signInThrottle.assertSignInAllowed({ email, address });
          } catch (error) {
            if (isAppError(error) && error.code === 'RATE_LIMITED') {
              throw new APIError(
                'TOO_MANY_REQUESTS',
                { code: 'RATE_LIMITED', message: error.message },
                error.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(error.retryAfterSeconds) },
              );
            }
            throw error;
          }
          return;
        }
        if (PASSWORD_CHANGING_PATHS.has(ctx.path)) {
          const password = stringField(ctx.body, 'newPassword');
          if (password !== undefined) {
            const session = await getSessionFromCtx(ctx);
            const verdict = await checkPassword(password, { email: session?.user.email, name: session?.user.name });
            if (!verdict.ok) {
              throw new APIError('BAD_REQUEST', { code: 'PASSWORD_TOO_WEAK', message: verdict.message });
            }
          }
          return;
        }
        if (ctx.path === VERIFY_TOTP) {
          // Replay guard (RFC 6238 §5.2), see totp-replay.ts: a code that matches a time step must
          // claim it; a step already used (or older) is refused with better-auth's own answer.
          const code = stringField(ctx.body, 'code');
          const userId = code === undefined ? null : await totpUserId(ctx);
          if (code === undefined || userId === null) {
            return; // better-auth answers the malformed or orphaned request itself
          }
          const [row] = await database.db
            .select({ secret: twoFactors.secret })
            .from(twoFactors)
            .where(eq(twoFactors.userId, userId))
            .limit(1);
          if (!row) {
            return;
          }
          const secretValue = await symmetricDecrypt({ key: ctx.context.secretConfig, data: row.secret });
          const step = await matchTotpStep({ secret: secretValue, code });
          if (step !== null && !(await claimTotpStep({ database, userId, step }))) {
            throw new APIError('UNAUTHORIZED', { code: 'INVALID_CODE', message: 'Invalid code' });
          }
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_EMAIL) {
          return;
        }
        const returned = ctx.context.returned;
        if (returned instanceof APIError && returned.statusCode === 401) {
          const email = stringField(ctx.body, 'email')?.trim().toLowerCase() ?? '';
          const address = ctx.headers ? clientAddressFromHeaders(ctx.headers) : null;
          await signInThrottle.recordSignInFailure({ email, address });
          // Unknown email or wrong password alike; the typed email is a staff-side label.
          await withActor(database, { userId: null, practiceIds: [] }, (tx) =>
            appendAudit(tx, {
              practiceId: null,
              action: 'auth.sign_in.failed',
              severity: 'warning',
              actorLabel: email,
              ...requestFacts(ctx),
            }),
          );
          // One message for unknown email and wrong password, in our words.
          throw new APIError('UNAUTHORIZED', { code: 'INVALID_EMAIL_OR_PASSWORD', message: INVALID_CREDENTIALS_MESSAGE });
        }
      }),
    },
    plugins: [
      twoFactor({ issuer: 'OpenPractice' }),
      signInAudit(database),
      // Last: copies Set-Cookie of server-side auth.api calls into Next.js's cookies().
      nextCookies(),
    ],
  });
};

/** The better-auth instance type, with our plugins' endpoints. */
export type Auth = ReturnType<typeof createAuth>;

const store = globalThis as typeof globalThis & { __openpracticeAuth?: Promise<Auth> };

/**
 * The process's better-auth instance on the process database, created on first use and kept on
 * globalThis for the same reason as the database handle (src/lib/db/process-singleton.ts): route
 * bundles and hot reload would otherwise build several. A failed creation is retried next call.
 */
export const getAuth = (): Promise<Auth> => {
  const current = store.__openpracticeAuth;
  if (current) {
    return current;
  }
  const creating = (async () => {
    const config = getConfig();
    const [database, secret] = await Promise.all([
      getDatabase(),
      resolveAuthSecret({ authSecret: config.authSecret, dataDir: config.dataDir }),
    ]);
    return createAuth(database, { appUrl: config.appUrl, secret });
  })();
  store.__openpracticeAuth = creating;
  creating.catch(() => {
    if (store.__openpracticeAuth === creating) {
      store.__openpracticeAuth = undefined;
    }
  });
  return creating;
};
