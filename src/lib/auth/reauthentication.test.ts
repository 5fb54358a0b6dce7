import { describe, expect, it } from 'vitest';
import { isRecentlyAuthenticated, REAUTHENTICATION_MAX_AGE_MS, requiresReauthentication } from './reauthentication';

describe('isRecentlyAuthenticated', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it('counts a session signed in less than five minutes ago', () => {
    expect(isRecentlyAuthenticated({ createdAt: ago(REAUTHENTICATION_MAX_AGE_MS - 1), reauthenticatedAt: null }, now)).toBe(true);
    expect(isRecentlyAuthenticated({ createdAt: ago(REAUTHENTICATION_MAX_AGE_MS), reauthenticatedAt: null }, now)).toBe(false);
  });

  it('counts a recent re-authentication of an older session', () => {
    expect(isRecentlyAuthenticated({ createdAt: ago(3_600_000), reauthenticatedAt: ago(60_000) }, now)).toBe(true);
    expect(isRecentlyAuthenticated({ createdAt: ago(3_600_000), reauthenticatedAt: ago(REAUTHENTICATION_MAX_AGE_MS + 1) }, now)).toBe(false);
  });

  it('treats a time slightly in the future (clock skew) as now', () => {
    expect(isRecentlyAuthenticated({ createdAt: ago(-2_000), reauthenticatedAt: null }, now)).toBe(true);
  });
});

describe('requiresReauthentication', () => {
  it.each([
    '/change-password',
    '/change-email',
    '/two-factor/enable',
    '/two-factor/disable',
    '/two-factor/generate-backup-codes',
    '/passkey/generate-register-options',
    '/passkey/verify-registration',
    '/passkey/delete-passkey',
  ])('gates %s', (path) => {
    expect(requiresReauthentication(path)).toBe(true);
  });

  it.each(['/sign-in/email', '/two-factor/verify-totp', '/passkey/verify-authentication', '/get-session', '/sign-out'])(
    'leaves %s alone',
    (path) => {
      expect(requiresReauthentication(path)).toBe(false);
    },
  );
});
