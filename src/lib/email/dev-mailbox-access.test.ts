import { describe, expect, it } from 'vitest';
import { isDevMailboxAvailable } from './dev-mailbox-access';

const noSmtp = { email: { smtpUrl: undefined, from: 'x@y.z' } };

describe('isDevMailboxAvailable', () => {
  it('answers loopback clients while no SMTP server is configured', () => {
    expect(isDevMailboxAvailable(noSmtp, '127.0.0.1')).toBe(true);
    expect(isDevMailboxAvailable(noSmtp, '::1')).toBe(true);
  });

  it('hides the mailbox from other machines and once SMTP is configured', () => {
    expect(isDevMailboxAvailable(noSmtp, '192.0.2.10')).toBe(false);
    expect(isDevMailboxAvailable(noSmtp, null)).toBe(false);
    expect(isDevMailboxAvailable({ email: { smtpUrl: 'smtp://mail.test', from: 'x@y.z' } }, '127.0.0.1')).toBe(false);
  });
});
