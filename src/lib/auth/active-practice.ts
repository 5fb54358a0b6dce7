import type { ApiMembership } from '@/lib/api/session';

/*
 * The active practice: which of a person's practices the screens show. Kept per browser in a
 * cookie (a front-desk PC and a clinician's laptop may sit in different practices), never trusted:
 * the value is only a preference, checked against the session's active memberships on every read,
 * and every API call names its practice explicitly and is authorized on its own.
 *
 * This module is pure (no server imports) so it can be unit-tested and read by any layer; the page
 * helper that reads the cookie through `cookies()` is src/lib/auth/page-active-practice.ts.
 */

/** `__Host-`: Secure, Path=/, no Domain. Holds a practice id (not patient data). */
export const ACTIVE_PRACTICE_COOKIE = '__Host-openpractice.practice';

/** A year: it is a preference, not a credential. */
export const ACTIVE_PRACTICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * The membership the screens should show: the one named by the cookie when the person is still an
 * active member there, otherwise the first of `memberships` in the order given (callers pass them
 * sorted by practice name), or null when the person belongs to no practice.
 */
export const resolveActiveMembership = (
  memberships: readonly ApiMembership[],
  preferredPracticeId: string | null | undefined,
): ApiMembership | null =>
  memberships.find((membership) => membership.practiceId === preferredPracticeId) ?? memberships[0] ?? null;

/**
 * `memberships` in the order of `practices` (the switcher's order, by name). Memberships without a
 * listed practice keep their relative order at the end, so nothing is dropped.
 */
export const orderMembershipsLike = (
  memberships: readonly ApiMembership[],
  practices: readonly { id: string }[],
): ApiMembership[] => {
  const rank = new Map(practices.map((practice, index) => [practice.id, index]));
  return [...memberships].sort(
    (a, b) => (rank.get(a.practiceId) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.practiceId) ?? Number.MAX_SAFE_INTEGER),
  );
};

/**
 * The practice id in a request's `Cookie` header, or null. Only a UUID-shaped value is returned: the
 * cookie is written by the browser's side of the wire, so anything else is ignored, not passed on.
 */
export const activePracticeIdFromCookieHeader = (cookieHeader: string | null | undefined): string | null => {
  for (const part of (cookieHeader ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index !== -1 && part.slice(0, index).trim() === ACTIVE_PRACTICE_COOKIE) {
      const value = part.slice(index + 1).trim();
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value.toLowerCase() : null;
    }
  }
  return null;
};

/**
 * The `Set-Cookie` value that makes `practiceId` the active practice. `__Host-` requires Secure,
 * Path=/ and no Domain; HttpOnly because no script needs it (the server renders the switcher);
 * SameSite=Lax like the session cookie, so following a link into the app keeps the preference.
 */
export const activePracticeSetCookie = (practiceId: string): string =>
  `${ACTIVE_PRACTICE_COOKIE}=${practiceId}; Path=/; Max-Age=${ACTIVE_PRACTICE_COOKIE_MAX_AGE_SECONDS}; Secure; HttpOnly; SameSite=Lax`;
