import { describe, expect, it } from 'vitest';
import { invitationState } from './invitation-state';
import { createInvitationToken, hashInvitationToken } from './invitation-token';
import { ZAcceptInvitation, ZInvitationToken, ZInviteMember, zAcceptInvitationForm } from './schemas';

describe('invitation tokens', () => {
  it('are 32 random bytes in base64url, and only a hex SHA-256 is kept', () => {
    const { token, tokenHash } = createInvitationToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash).toBe(hashInvitationToken(token));
    expect(tokenHash).not.toContain(token);
    expect(createInvitationToken().token).not.toBe(token);
    // The known SHA-256 of "abc", so the stored form is plain SHA-256 hex.
    expect(hashInvitationToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('the schema accepts a token and nothing else', () => {
    expect(ZInvitationToken.safeParse(createInvitationToken().token).success).toBe(true);
    for (const bad of ['', 'short', `${'a'.repeat(43)}=`, 'a'.repeat(44), `${'a'.repeat(42)}/`]) {
      expect(ZInvitationToken.safeParse(bad).success).toBe(false);
    }
  });
});

describe('invitation state', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  it('derives expiry from the time, not a stored status', () => {
    expect(invitationState({ status: 'pending', expiresAt: new Date('2026-11-25T12:00:01Z') }, now)).toBe('pending');
    expect(invitationState({ status: 'pending', expiresAt: now }, now)).toBe('expired');
    expect(invitationState({ status: 'accepted', expiresAt: new Date('2027-01-01Z') }, now)).toBe('accepted');
    expect(invitationState({ status: 'revoked', expiresAt: new Date('2027-01-01Z') }, now)).toBe('revoked');
  });
});

describe('invitation schemas', () => {
  it('normalizes the invited email and checks the role', () => {
    expect(ZInviteMember.parse({ email: '  New.Nurse@Clinic.TEST ', role: 'nurse' })).toEqual({ email: 'new.nurse@clinic.test', role: 'nurse' });
    expect(ZInviteMember.safeParse({ email: 'not-an-email', role: 'nurse' }).error?.issues.map((i) => i.path.join('.'))).toEqual(['email']);
    expect(ZInviteMember.safeParse({ email: 'a@b.test', role: 'janitor' }).error?.issues.map((i) => i.path.join('.'))).toEqual(['role']);
    expect(ZInviteMember.safeParse({ email: 'a@b.test', role: 'nurse', extra: 1 }).success).toBe(false);
  });

  it('accept: name and password are optional on the wire (a signed-in invitee sends only the token)', () => {
    const token = createInvitationToken().token;
    expect(ZAcceptInvitation.parse({ token })).toEqual({ token });
    expect(ZAcceptInvitation.parse({ token, name: '  Robin  ', password: ' spaced password kept ' })).toEqual({
      token,
      name: 'Robin',
      password: ' spaced password kept ',
    });
  });

  it('the account form checks the password against the practice name and the email', async () => {
    const form = zAcceptInvitationForm({ email: 'robin.okafor@clinic.test', practiceName: 'Quasimodo Orthopaedics' });
    const contextual = await form.safeParseAsync({ name: 'Robin Okafor', password: 'quasimodo orthopaedics 2026' });
    expect(contextual.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['password']);
    const fine = await form.safeParseAsync({ name: 'Robin Okafor', password: 'correct horse battery staple 42' });
    expect(fine.success).toBe(true);
    const noName = await form.safeParseAsync({ name: ' ', password: 'correct horse battery staple 42' });
    expect(noName.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['name']);
  });
});
