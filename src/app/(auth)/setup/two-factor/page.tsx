import type { Metadata } from 'next';

import { TwoFactorSetup } from '@/components/features/identity/two-factor-setup';
import { safeNextPath } from '@/lib/auth/safe-next-path';

export const metadata: Metadata = { title: 'Set up two-factor authentication' };

export default async function TwoFactorSetupPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  return <TwoFactorSetup next={safeNextPath(next)} />;
}
