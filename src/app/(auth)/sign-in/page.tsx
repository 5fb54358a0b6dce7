import type { Metadata } from 'next';

import { SignInForm } from '@/components/features/identity/sign-in-form';
import { safeNextPath } from '@/lib/auth/safe-next-path';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ reason?: string | string[]; next?: string | string[] }>;
}) {
  const { reason, next } = await searchParams;
  return (
    <>
      {reason === 'idle' ? (
        <p role="status" className="mb-6 rounded-md border border-info/30 bg-info/10 px-3 py-2 text-sm text-foreground">
          You were signed out after a period without activity, to protect patients&apos; privacy. Sign in again to
          continue.
        </p>
      ) : reason === 'device_removed' ? (
        <p role="status" className="mb-6 rounded-md border border-info/30 bg-info/10 px-3 py-2 text-sm text-foreground">
          This browser&apos;s copy of the practice data was removed and you were signed out. Signing in here again
          downloads a fresh copy.
        </p>
      ) : null}
      {/* Only a same-origin path survives (no open redirect); anything else means the home page. */}
      <SignInForm next={safeNextPath(next)} />
    </>
  );
}
