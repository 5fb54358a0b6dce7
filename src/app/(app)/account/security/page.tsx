// /account/security – the signed-in person's password, email, two-factor, passkeys and devices
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { PageHeader } from '@/components/app-shell/page-header';
import { AccountSecurity } from '@/components/features/account/account-security';
import { getPageSession } from '@/lib/auth/page-session';
import { roleSeesPhi } from '@/lib/auth/permissions';

export const metadata: Metadata = { title: 'Security' };

const AccountSecurityPage = async () => {
  // The layout already sends people without a session to sign in; this narrows the type.
  const session = await getPageSession();
  if (session === null) {
    redirect('/sign-in?next=/account/security');
  }
  return (
    <>
      <PageHeader
        title="Security"
        description="How you sign in. Changes ask you to confirm your password (and code) first."
      />
      <AccountSecurity
        user={session.user}
        twoFactorEnabled={session.twoFactorEnabled}
        twoFactorRequired={session.memberships.some((membership) => roleSeesPhi(membership.role))}
      />
    </>
  );
};

export default AccountSecurityPage;
