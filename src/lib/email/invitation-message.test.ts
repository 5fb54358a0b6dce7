import { describe, expect, it } from 'vitest';
import { invitationLink, invitationMessage } from './invitation-message';
import { ZEmailMessage } from './message';

const input = {
  to: 'new.nurse@clinic.test',
  practiceName: 'Riverside <Family> & Co',
  inviterName: 'Dana "Owner"',
  role: 'front_desk' as const,
  appUrl: 'https://app.clinic.test',
  token: 'A'.repeat(43),
  expiresAt: new Date('2026-12-02T15:30:00.000Z'),
  timeZone: 'America/Chicago',
};

describe('invitation email', () => {
  it('puts the token in the fragment of the app URL', () => {
    expect(invitationLink('https://app.clinic.test/', 'abc_-1')).toBe('https://app.clinic.test/invite#token=abc_-1');
    const url = new URL(invitationLink(input.appUrl, input.token));
    expect(url.pathname).toBe('/invite');
    expect(url.search).toBe('');
    expect(url.hash).toBe(`#token=${input.token}`);
  });

  it('names the practice, the role, the inviter, the link and the expiry in the practice time zone', () => {
    const message = invitationMessage(input);
    expect(ZEmailMessage.safeParse(message).success).toBe(true);
    expect(message.to).toBe(input.to);
    expect(message.subject).toContain('Riverside <Family> & Co');
    for (const part of ['Dana "Owner"', 'Riverside <Family> & Co', 'Front desk', `https://app.clinic.test/invite#token=${input.token}`]) {
      expect(message.text).toContain(part);
    }
    // 15:30 UTC is 9:30 in Chicago (CST) on 2 December.
    expect(message.text).toMatch(/December 2, 2026.*9:30\s?AM CST/);
  });

  it('escapes names in the HTML body', () => {
    const html = invitationMessage(input).html ?? '';
    expect(html).toContain('Riverside &#60;Family&#62; &#38; Co');
    expect(html).toContain('Dana &#34;Owner&#34;');
    expect(html).not.toContain('<Family>');
    expect(html).toContain(`href="https://app.clinic.test/invite#token=${input.token}"`);
  });

  it('falls back to UTC and a neutral inviter when data is missing', () => {
    const message = invitationMessage({ ...input, inviterName: null, timeZone: 'Not/AZone' });
    expect(message.text).toContain('A colleague invited you');
    expect(message.text).toMatch(/3:30\s?PM UTC/);
  });
});
