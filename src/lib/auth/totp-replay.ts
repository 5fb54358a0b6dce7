import 'server-only';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { generate } from 'otplib';
import type { Database } from '@/lib/db/client';
import { twoFactors } from '@/lib/db/schema/auth';

/** TOTP parameters better-auth uses (RFC 6238 defaults): 30 s steps, 6 digits, SHA-1. */
export const TOTP_PERIOD_SECONDS = 30;

/** better-auth accepts the previous, current and next step (clock drift); so do we. */
const WINDOW = 1;

/**
 * The time step a code belongs to, among those better-auth would accept now, or null when it
 * matches none (then better-auth refuses it on its own). `secret` is the raw secret as better-auth
 * stores it (a string used as UTF-8 bytes, not base32).
 */
export const matchTotpStep = async ({
  secret,
  code,
  now = Date.now(),
}: {
  secret: string;
  code: string;
  now?: number;
}): Promise<number | null> => {
  if (!/^\d{6}$/.test(code)) {
    return null;
  }
  const key = new TextEncoder().encode(secret);
  const current = Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
  let matched: number | null = null;
  // Every candidate is computed (no early exit) so timing does not say which step matched.
  for (let step = current - WINDOW; step <= current + WINDOW; step += 1) {
    const expected = await generate({ secret: key, epoch: step * TOTP_PERIOD_SECONDS, period: TOTP_PERIOD_SECONDS });
    if (expected === code && matched === null) {
      matched = step;
    }
  }
  return matched;
};

/**
 * Claims a TOTP time step for a user: true when it is later than every step used before, false for
 * a replay (this step or an earlier one was already used). RFC 6238 §5.2 asks a verifier not to
 * accept the same code twice; better-auth does not remember used codes, so a code read over a
 * shoulder or from a log would stay usable for up to 90 s. One conditional UPDATE makes the claim
 * atomic, so two requests racing with one code cannot both pass.
 *
 * Runs on the owner connection: two_factors is an identity table without row-level security, and
 * better-auth (which owns the row) works on the same connection.
 */
export const claimTotpStep = async ({
  database,
  userId,
  step,
}: {
  database: Database;
  userId: string;
  step: number;
}): Promise<boolean> => {
  const claimed = await database.db
    .update(twoFactors)
    .set({ lastTotpStep: step })
    .where(and(eq(twoFactors.userId, userId), or(isNull(twoFactors.lastTotpStep), lt(twoFactors.lastTotpStep, step))))
    .returning({ id: twoFactors.id });
  return claimed.length > 0;
};
