import type { Metadata } from 'next';

import { TwoFactorSetup } from '@/components/features/identity/two-factor-setup';

export const metadata: Metadata = { title: 'Set up two-factor authentication' };

export default function TwoFactorSetupPage() {
  return <TwoFactorSetup />;
}
