import type * as React from 'react';

import { BrandMark } from '@/components/app-shell/brand';

/**
 * Sign-up, sign-in and two-factor enrolment: outside the app shell, one centered card. The
 * session cookie is set by these pages' requests, so nothing here reads it on the server.
 */
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main id="main-content" tabIndex={-1} className="flex min-h-dvh flex-col items-center justify-center p-6 outline-none">
      <div className="w-full max-w-md">
        <div className="mb-8 flex items-center justify-center gap-2.5">
          <BrandMark />
          <span className="text-base font-semibold tracking-tight text-foreground">OpenPractice</span>
        </div>
        <div className="rounded-xl border bg-card p-8 shadow-sm">{children}</div>
      </div>
    </main>
  );
}
