import 'server-only';
import { passkey } from '@better-auth/passkey';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from 'better-auth/api';
import { symmetricDecrypt } from 'better-auth/crypto';
import { nextCookies } from 'better-auth/next-js';
import { twoFactor } from 'better-auth/plugins/two-factor';
import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { clientAddressFromHeaders } from '@/lib/api/client-address';
import { isAppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import { getConfig } from '@/lib/config/env';
import { getLogger } from '@/lib/observability/logger';
import { getDatabase, type Database } from '@/lib/db/client';
import { withActor } from '@/lib/db/tx';
import { accounts, passkeys, sessions, twoFactors, users, verifications } from '@/lib/db/schema/auth';
import { practiceMembers } from '@/lib/db/schema/members';
import {
  accountSecurityAudit,
  asRecord,
  auditIdentityEvent,
  requestFacts,
  signInAudit,
  stringField,
  type AuthMiddlewareContext,
} from './auth-audit-plugins';
import {
  DISABLE_TWO_FACTOR,
  ENABLE_TWO_FACTOR,
  PASSKEY_AUTHENTICATE_OPTIONS,
  PASSWORD_CHANGING_PATHS,
  PASSWORD_REENTRY_PATHS,
  SIGN_IN_EMAIL,
  VERIFY_TOTP,
} from './auth-paths';
import { resolveAuthSecret } from './auth-secret';
import { hashPassword, verifyPassword } from './password-hash';
import { checkPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';
import { roleSeesPhi } from './permissions';
import {
  REAUTHENTICATION_REQUIRED_CODE,
  REAUTHENTICATION_REQUIRED_MESSAGE,
  requiresReauthentication,
  sessionIsRecentlyAuthenticated,
} from './reauthentication';
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

/** Why a PHI role may not turn TOTP off (issue #4: TOTP for every role that can see patient data). */
export const TWO_FACTOR_REQUIRED_MESSAGE =
  'Two-factor authentication is required for your role, because it can see patient records. It cannot be turned off.';

/** Why a passkey without user verification (PIN, fingerprint, face) is refused. */
export const PASSKEY_USER_VERIFICATION_MESSAGE =
  'This passkey did not verify you (PIN, fingerprint or face). Use a passkey that does.';

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

  const throttled = async (attempt: { email: string; address: string | null }) => {
    try {
      await signInThrottle.assertSignInAllowed(attempt);
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
  };

  /** Whether the user is an active member, in any practice, of a role that sees patient data. */
  const userSeesPhi = async (userId: string): Promise<boolean> => {
    // As the user with no practice in scope: the practice_members policy shows their own rows only.
    const rows = await withActor(database, { userId, practiceIds: [] }, (tx) =>
      tx
        .select({ role: practiceMembers.role })
        .from(practiceMembers)
        .where(and(eq(practiceMembers.userId, userId), eq(practiceMembers.status, 'active'))),
    );
    return rows.some((row) => roleSeesPhi(row.role));
  };

  /**
   * The re-authentication gate (reauthentication.ts) for endpoints that change the email, the
   * password or a factor. Without a session there is nothing to gate: better-auth answers 401.
   */
  const assertReauthenticated = async (ctx: AuthMiddlewareContext): Promise<void> => {
    const session = await getSessionFromCtx(ctx);
    if (!session) {
      return;
    }
    if (ctx.path === DISABLE_TWO_FACTOR && (await userSeesPhi(session.user.id))) {
      // Refused whatever the re-authentication: no point asking for the password first.
      throw new APIError('FORBIDDEN', { code: 'FORBIDDEN', message: TWO_FACTOR_REQUIRED_MESSAGE });
    }
    if (ctx.path === ENABLE_TWO_FACTOR && session.user.twoFactorEnabled !== true) {
      // A first enrolment (at first sign-in, or after a role change) checks the password in the
      // request itself, which for someone without a second factor *is* the full re-authentication;
      // its failures are counted and audited below like the others. With TOTP already on,
      // better-auth refuses a second enrolment anyway; the gate below answers first.
      return;
    }
    if (!(await sessionIsRecentlyAuthenticated({ database, sessionId: session.session.id }))) {
      throw new APIError('FORBIDDEN', { code: REAUTHENTICATION_REQUIRED_CODE, message: REAUTHENTICATION_REQUIRED_MESSAGE });
    }
  };

  const appOrigin = new URL(appUrl);

  return betterAuth({
    appName: 'OpenPractice',
    // Through our logger (PHI and credential redaction, one format), never better-auth's console
    // printer, which would print a failed query's parameters. The message and an error's
    // serialized form only; other arguments may be request data.
    logger: {
      level: 'warn',
      log: (level, message, ...args) => {
        const err = args.find((arg): arg is Error => arg instanceof Error);
        getLogger()[level]({ source: 'better-auth', ...(err ? { err } : {}) }, message);
      },
    },
    // An endpoint's refusal (wrong password, re-authentication needed…) is an answer, not an error:
    // better-auth would print each one on the console. Only failures are logged, through ours.
    onAPIError: {
      onError: (error) => {
        if (isAPIError(error) && error.status !== 'INTERNAL_SERVER_ERROR') {
          return;
        }
        getLogger().error({ source: 'better-auth', err: error }, 'better-auth endpoint failed');
      },
    },
    baseURL: appUrl,
    basePath: '/api/auth',
    secret,
    trustedOrigins: [appUrl],
    database: drizzleAdapter(database.db, {
      provider: 'pg',
      schema: {
        user: users,
        session: sessions,
        account: accounts,
        verification: verifications,
        twoFactor: twoFactors,
        passkey: passkeys,
      },
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
      // better-auth's own freshness (session younger than freshAge, on passkey registration and
      // /list-sessions) is replaced by our re-authentication gate (reauthentication.ts): a session
      // may be re-authenticated without being replaced, which better-auth's check cannot see.
      freshAge: 0,
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
    // Email changes go through POST /api/v1/account/email (src/lib/domain/identity/change-email.ts):
    // better-auth's /change-email needs a mail confirmation flow or silently ignores a taken address.
    disabledPaths: ['/sign-up/email', '/change-email'],
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === SIGN_IN_EMAIL) {
          const email = stringField(ctx.body, 'email')?.trim().toLowerCase() ?? '';
          const address = ctx.headers ? clientAddressFromHeaders(ctx.headers) : null;
          await throttled({ email, address });
          return;
        }
        if (requiresReauthentication(ctx.path)) {
          await assertReauthenticated(ctx);
        }
        if (PASSWORD_REENTRY_PATHS.has(ctx.path)) {
          const session = await getSessionFromCtx(ctx);
          if (session) {
            await throttled({ email: session.user.email, address: ctx.headers ? clientAddressFromHeaders(ctx.headers) : null });
          }
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
        if (PASSWORD_REENTRY_PATHS.has(ctx.path)) {
          const returned = ctx.context.returned;
          const session = ctx.context.session;
          if (isAPIError(returned) && asRecord(returned.body).code === 'INVALID_PASSWORD' && session) {
            const address = ctx.headers ? clientAddressFromHeaders(ctx.headers) : null;
            await signInThrottle.recordSignInFailure({ email: session.user.email, address });
            await auditIdentityEvent(database, ctx, {
              userId: session.user.id,
              action: 'auth.reauthentication.failed',
              severity: 'warning',
              targetType: 'session',
              targetId: session.session.id,
              metadata: { reason: 'password', endpoint: ctx.path },
            });
          }
          return;
        }
        if (ctx.path === PASSKEY_AUTHENTICATE_OPTIONS) {
          // The plugin asks browsers for user verification as 'preferred'; we require it (the
          // assertion is refused without it, see passkey() below), so the browser must ask for the
          // PIN, fingerprint or face instead of skipping it.
          const returned = ctx.context.returned;
          if (returned !== undefined && !isAPIError(returned) && !(returned instanceof Response)) {
            return ctx.json({ ...asRecord(returned), userVerification: 'required' });
          }
          return;
        }
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
      passkey({
        rpID: appOrigin.hostname,
        rpName: 'OpenPractice',
        origin: appOrigin.origin,
        // Resident keys preferred: the passkey button signs in without typing the email first.
        authenticatorSelection: { userVerification: 'required', residentKey: 'preferred' },
        // The plugin verifies with requireUserVerification false whatever is asked for; checked
        // here, a passkey is a phishing-resistant multi-factor sign-in on its own (decision 0007).
        registration: {
          afterVerification: ({ verification }) => {
            if (verification.registrationInfo?.userVerified !== true) {
              throw new APIError('BAD_REQUEST', { code: 'USER_VERIFICATION_REQUIRED', message: PASSKEY_USER_VERIFICATION_MESSAGE });
            }
            return undefined;
          },
        },
        authentication: {
          afterVerification: ({ verification }) => {
            if (!verification.authenticationInfo.userVerified) {
              throw new APIError('UNAUTHORIZED', { code: 'USER_VERIFICATION_REQUIRED', message: PASSKEY_USER_VERIFICATION_MESSAGE });
            }
          },
        },
      }),
      signInAudit(database),
      accountSecurityAudit(database),
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
