import type { TRole } from '@/lib/auth/permissions';

/*
 * Demo staff (data only, no server code, so tests and scripts can read it): one member of each role, each a member of every demo practice (so the practice
 * switcher has something to switch), with a known password and a known TOTP secret that the
 * start banner prints, so a person can sign in with an authenticator app. Demo installs only:
 * the secrets are in this file.
 */

export type DemoAccount = {
  name: string;
  email: string;
  role: TRole;
  password: string;
  /** Base32, as an authenticator app takes it ("enter a setup key"). */
  totpKey: string;
};

/** One password for every demo account, long and not in any dictionary. */
export const DEMO_PASSWORD = 'Maple lantern orbit 2026';

const PEOPLE: readonly { name: string; role: TRole }[] = [
  { name: 'Olivia Owner', role: 'owner' },
  { name: 'Adam Admin', role: 'admin' },
  { name: 'Dr. Priya Provider', role: 'provider' },
  { name: 'Nora Nurse', role: 'nurse' },
  { name: 'Frank Front Desk', role: 'front_desk' },
  { name: 'Bianca Billing', role: 'billing' },
  { name: 'Audrey Auditor', role: 'auditor' },
];

// better-auth keeps the TOTP key as a string whose UTF-8 bytes are the HMAC key; apps get base32.
export const rawTotpSecret = (role: TRole): string => `openpractice-demo-${role}`.padEnd(32, '0');

/** RFC 4648 base32 without padding, as authenticator apps take a setup key. */
const base32 = (text: string): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const byte of new TextEncoder().encode(text)) {
    bits += byte.toString(2).padStart(8, '0');
  }
  let out = '';
  for (let i = 0; i < bits.length; i += 5) {
    out += alphabet[Number.parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  }
  return out;
};

export const DEMO_ACCOUNTS: readonly DemoAccount[] = PEOPLE.map(({ name, role }) => ({
  name,
  role,
  email: `${role.replace('_', '-')}@demo.openpractice.test`,
  password: DEMO_PASSWORD,
  totpKey: base32(rawTotpSecret(role)),
}));

