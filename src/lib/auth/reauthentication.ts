import 'server-only';
import { eq } from 'drizzle-orm';
import { DEFAULT_ERROR_MESSAGES } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { sessions } from '@/lib/db/schema/auth';

/*
 * Re-authentication for sensitive changes (issue #4 §2: "Re-authentication is required to change
 * email, password or factors"; docs/decisions/0007-reauthentication-and-passkeys.md).
 *
 * A session is *recently authenticated* when the person proved who they are in it a short while
 * ago: at its own sign-in (`sessions.created_at`; better-auth starts a new session at every sign-in)
 * or by re-entering their password and second factor (`sessions.reauthenticated_at`, stamped by
 * POST /api/v1/session/reauthenticate). Changing the email, the password or a factor needs it, so a
 * session left open on a shared front-desk PC, or a stolen cookie, cannot be turned into a
 * permanent takeover of the account (new password, attacker's authenticator or passkey).
 */

/**
 * How long a sign-in or re-authentication counts as recent: five minutes. Long enough to finish
 * one change (a passkey ceremony, typing a new password, scanning a QR code) after confirming, and
 * short enough that an unattended PC — the idle logoff takes up to 15 minutes — is useless for it
 * well before the session ends. Same figure as a WebAuthn challenge's lifetime.
 */
export const REAUTHENTICATION_MAX_AGE_MS = 5 * 60_000;

/** The answer's code when a sensitive change needs a recent re-authentication first (403). */
export const REAUTHENTICATION_REQUIRED_CODE = 'REAUTHENTICATION_REQUIRED';

export const REAUTHENTICATION_REQUIRED_MESSAGE = DEFAULT_ERROR_MESSAGES.REAUTHENTICATION_REQUIRED;

/**
 * better-auth endpoints that change the email, the password or a factor (or reveal one), gated in
 * better-auth's `hooks.before` (auth.ts). Checked against better-auth 1.7.25 and
 * @better-auth/passkey 1.7.6. `/change-email` is disabled outright (email changes go through
 * POST /api/v1/account/email) and listed anyway, so enabling it later cannot skip the gate.
 * `/two-factor/enable` is handled by {@link requiresReauthentication}'s caller: a first enrolment
 * checks the password itself.
 */
export const REAUTHENTICATION_GATED_PATHS: ReadonlySet<string> = new Set([
  '/change-email',
  '/change-password',
  '/set-password',
  '/delete-user',
  '/unlink-account',
  '/list-sessions',
  '/two-factor/enable',
  '/two-factor/disable',
  '/two-factor/generate-backup-codes',
  // Shows the TOTP secret again: whoever reads it can clone the factor.
  '/two-factor/get-totp-uri',
  '/passkey/generate-register-options',
  '/passkey/verify-registration',
  '/passkey/delete-passkey',
]);

/** Whether a path is gated (see {@link REAUTHENTICATION_GATED_PATHS}). */
export const requiresReauthentication = (path: string): boolean => REAUTHENTICATION_GATED_PATHS.has(path);

/**
 * Whether a session with these times counts as recently authenticated at `now`. A time in the
 * future (clock skew between app instances and the database) counts as now.
 */
export const isRecentlyAuthenticated = (
  { createdAt, reauthenticatedAt }: { createdAt: Date; reauthenticatedAt: Date | null },
  now: Date = new Date(),
): boolean => {
  const latest = Math.max(createdAt.getTime(), reauthenticatedAt?.getTime() ?? Number.NEGATIVE_INFINITY);
  return now.getTime() - latest < REAUTHENTICATION_MAX_AGE_MS;
};

/**
 * Reads the session's times and answers {@link isRecentlyAuthenticated}; a session that no longer
 * exists is not. Owner connection: `sessions` is better-auth's identity table (decision 0006).
 */
export const sessionIsRecentlyAuthenticated = async ({
  database,
  sessionId,
  now = new Date(),
}: {
  database: Database;
  sessionId: string;
  now?: Date;
}): Promise<boolean> => {
  const [row] = await database.db
    .select({ createdAt: sessions.createdAt, reauthenticatedAt: sessions.reauthenticatedAt })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .limit(1);
  return row !== undefined && isRecentlyAuthenticated(row, now);
};

/**
 * Records a successful re-authentication on the session. Owner connection, like better-auth's own
 * session writes: the app role may not update `sessions` (drizzle/0005_identity_rls.sql).
 */
export const stampReauthentication = async ({
  database,
  sessionId,
  at = new Date(),
}: {
  database: Database;
  sessionId: string;
  at?: Date;
}): Promise<void> => {
  await database.db.update(sessions).set({ reauthenticatedAt: at }).where(eq(sessions.id, sessionId));
};
