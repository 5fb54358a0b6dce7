import type { ApiMembership } from '@/lib/api/session';

/*
 * The active practice: which of a person's practices the screens show. Kept per browser in a
 * cookie (a front-desk PC and a clinician's laptop may sit in different practices), never trusted:
 * the value is only a preference, checked against the session's active memberships on every read,
 * and every API call names its practice explicitly and is authorized on its own.
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
