import 'server-only';
import { randomBytes } from 'node:crypto';
import { APIError } from 'better-auth/api';
import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError } from '@/lib/api/errors';
import { appendAudit } from '@/lib/audit/append-audit';
import type { Auth } from '@/lib/auth/auth';
import { checkPassword } from '@/lib/auth/password-policy';
import type { Database } from '@/lib/db/client';
import { users } from '@/lib/db/schema/auth';
import { practiceMembers } from '@/lib/db/schema/members';
import { practices } from '@/lib/db/schema/practices';
import { withActor } from '@/lib/db/tx';
import type { TSignUp, TSignUpResult } from './schemas';

export type SignUpOptions = {
  database: Database;
  auth: Auth;
  input: TSignUp;
  /** The request's headers: better-auth records the address and user agent on the session. */
  headers: Headers;
  /** For the audit entries. */
  ipAddress?: string | null;
  requestId?: string | null;
};

export type SignUpOutcome = {
  result: TSignUpResult;
  /** `Set-Cookie` headers of the new session, for the HTTP answer. */
  setCookies: string[];
};

const SLUG_MAX_BASE = 50;

/** A URL-safe handle from a practice name: `Riverside Family Medicine` → `riverside-family-medicine`. */
export const slugFromName = (name: string): string => {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX_BASE)
    .replace(/^-+|-+$/g, '');
  return base.length >= 2 ? base : 'practice';
};

const fieldError = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', undefined, { fields: [{ path, message }] });

/**
 * Signs up a new practice and its owner: checks the password policy (422 on `password`), creates
 * the user and a session through better-auth, then creates the practice (with a unique slug) and
 * the owner's membership in one transaction scoped to the new user and practice. If that
 * transaction fails, the new user is removed again, so no one is left without a practice.
 */
export const signUp = async ({ database, auth, input, headers, ipAddress = null, requestId = null }: SignUpOptions): Promise<SignUpOutcome> => {
  const verdict = await checkPassword(input.password, { email: input.email, practiceName: input.practiceName, name: input.name });
  if (!verdict.ok) {
    throw fieldError('password', verdict.message);
  }

  let created: Awaited<ReturnType<typeof signUpEmail>>;
  const signUpEmail = () =>
    auth.api.signUpEmail({
      body: { name: input.name, email: input.email, password: input.password },
      headers,
      returnHeaders: true,
    });
  try {
    created = await signUpEmail();
  } catch (error) {
    if (error instanceof APIError && error.statusCode === 422) {
      // Sign-up necessarily tells whether an address is registered; sign-in does not.
      throw fieldError('email', 'An account with this email already exists. Sign in instead.');
    }
    throw error;
  }
  const userId = created.response.user.id;
  const practiceId = uuidv7();

  try {
    const practiceSlug = await withActor(database, { userId, practiceIds: [practiceId] }, async (tx) => {
      let slug: string | undefined;
      const base = slugFromName(input.practiceName);
      // Other practices are invisible here (RLS), so a taken slug shows up as a conflict only.
      for (let attempt = 0; attempt < 5 && slug === undefined; attempt += 1) {
        const candidate = attempt === 0 ? base : `${base}-${randomBytes(3).toString('hex')}`;
        const [row] = await tx
          .insert(practices)
          .values({ id: practiceId, name: input.practiceName, slug: candidate, timeZone: input.practiceTimeZone })
          .onConflictDoNothing({ target: practices.slug })
          .returning({ slug: practices.slug });
        slug = row?.slug;
      }
      if (slug === undefined) {
        throw new Error('signUp: could not find a free practice slug');
      }
      const [member] = await tx
        .insert(practiceMembers)
        .values({ practiceId, userId, role: 'owner', status: 'active' })
        .returning({ id: practiceMembers.id });
      const userAgent = headers.get('user-agent');
      const common = { practiceId, actorUserId: userId, ipAddress, userAgent, requestId } as const;
      await appendAudit(tx, { ...common, action: 'auth.signed_up', severity: 'notice', targetType: 'user', targetId: userId });
      await appendAudit(tx, {
        ...common,
        action: 'practice.created',
        severity: 'notice',
        targetType: 'practice',
        targetId: practiceId,
        metadata: { slug, ownerMembershipId: member?.id ?? null },
      });
      return slug;
    });
    return { result: { userId, practiceId, practiceSlug }, setCookies: created.headers.getSetCookie() };
  } catch (error) {
    // Owner connection: users is an identity table; deleting cascades to sessions and accounts.
    await database.db.delete(users).where(eq(users.id, userId));
    throw error;
  }
};
