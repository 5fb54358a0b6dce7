'use client';

import { ChangeEmailCard } from './change-email-card';
import { ChangePasswordCard } from './change-password-card';
import { DevicesCard } from './devices-card';
import { PasskeysCard } from './passkeys-card';
import { ReauthenticationProvider } from './reauthentication';
import { TwoFactorCard } from './two-factor-card';

export type AccountSecurityProps = {
  user: { name: string; email: string };
  twoFactorEnabled: boolean;
  /** Whether one of the person's roles sees patient data, so TOTP must stay on (issue #4). */
  twoFactorRequired: boolean;
};

/**
 * The signed-in person's own security settings. Every change may first ask them to confirm it is
 * them (password and code) when the server answers REAUTHENTICATION_REQUIRED. The devices that hold
 * a copy of their practices' data are listed last (revoking only takes access away: no re-check).
 */
export const AccountSecurity = ({ user, twoFactorEnabled, twoFactorRequired }: AccountSecurityProps) => (
  <ReauthenticationProvider twoFactorEnabled={twoFactorEnabled}>
    <div className="grid gap-6">
      <TwoFactorCard enabled={twoFactorEnabled} required={twoFactorRequired} />
      <PasskeysCard />
      <ChangePasswordCard user={user} />
      <ChangeEmailCard email={user.email} />
      <DevicesCard />
    </div>
  </ReauthenticationProvider>
);
