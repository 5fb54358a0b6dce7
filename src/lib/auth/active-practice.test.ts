import { describe, expect, it } from 'vitest';
import type { ApiMembership } from '@/lib/api/session';
import {
  ACTIVE_PRACTICE_COOKIE,
  activePracticeIdFromCookieHeader,
  activePracticeSetCookie,
  orderMembershipsLike,
  resolveActiveMembership,
} from './active-practice';

const A = '019ab8c2-4f6e-7000-8000-00000000000a';
const B = '019ab8c2-4f6e-7000-8000-00000000000b';
const C = '019ab8c2-4f6e-7000-8000-00000000000c';
const memberships: ApiMembership[] = [
  { practiceId: A, role: 'owner' },
  { practiceId: B, role: 'nurse' },
];

describe('resolveActiveMembership', () => {
  it('takes the preferred practice while the person is a member there', () => {
    expect(resolveActiveMembership(memberships, B)).toEqual({ practiceId: B, role: 'nurse' });
  });

  it('falls back silently to the first membership for a practice they left, or no preference', () => {
    expect(resolveActiveMembership(memberships, C)).toEqual({ practiceId: A, role: 'owner' });
    expect(resolveActiveMembership(memberships, null)).toEqual({ practiceId: A, role: 'owner' });
    expect(resolveActiveMembership(memberships, undefined)).toEqual({ practiceId: A, role: 'owner' });
    expect(resolveActiveMembership(memberships, '')).toEqual({ practiceId: A, role: 'owner' });
  });

  it('is null without any membership, whatever the cookie says', () => {
    expect(resolveActiveMembership([], A)).toBeNull();
  });
});

describe('orderMembershipsLike', () => {
  it('orders memberships like the practices (by name), keeping unlisted ones at the end', () => {
    const three: ApiMembership[] = [...memberships, { practiceId: C, role: 'billing' }];
    expect(orderMembershipsLike(three, [{ id: B }, { id: A }]).map((m) => m.practiceId)).toEqual([B, A, C]);
    expect(resolveActiveMembership(orderMembershipsLike(three, [{ id: C }, { id: B }, { id: A }]), null)?.practiceId).toBe(C);
  });
});

describe('active practice cookie', () => {
  it('reads the practice id from a Cookie header among other cookies', () => {
    expect(activePracticeIdFromCookieHeader(`a=1; ${ACTIVE_PRACTICE_COOKIE}=${B}; b=2`)).toBe(B);
    expect(activePracticeIdFromCookieHeader(`${ACTIVE_PRACTICE_COOKIE}=${B.toUpperCase()}`)).toBe(B);
  });

  it('ignores a missing cookie and anything that is not a UUID', () => {
    expect(activePracticeIdFromCookieHeader(null)).toBeNull();
    expect(activePracticeIdFromCookieHeader('other=1')).toBeNull();
    expect(activePracticeIdFromCookieHeader(`${ACTIVE_PRACTICE_COOKIE}=${A},${B}`)).toBeNull();
    expect(activePracticeIdFromCookieHeader(`${ACTIVE_PRACTICE_COOKIE}=`)).toBeNull();
  });

  it('sets a __Host- cookie: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain, a year', () => {
    const header = activePracticeSetCookie(A);
    expect(header.startsWith(`${ACTIVE_PRACTICE_COOKIE}=${A};`)).toBe(true);
    expect(header).toMatch(/; Path=\/(;|$)/);
    expect(header).toMatch(/; Secure(;|$)/);
    expect(header).toMatch(/; HttpOnly(;|$)/);
    expect(header).toMatch(/; SameSite=Lax(;|$)/);
    expect(header).toContain(`Max-Age=${365 * 24 * 60 * 60}`);
    expect(header).not.toMatch(/domain=/i);
    expect(activePracticeIdFromCookieHeader(header.split(';')[0])).toBe(A);
  });
});
