import type * as React from 'react';

import { BrandMark } from './brand';

/**
 * A full-screen frame for pages shown outside the app shell (404, errors that took the shell
 * down). It supplies the `<main>` landmark those pages would otherwise lack.
 */
export const CenteredPage = ({ children }: { children: React.ReactNode }) => (
  <main id="main-content" tabIndex={-1} className="flex min-h-dvh flex-col items-center justify-center p-6 outline-none">
    <div className="w-full max-w-md">
      <div className="mb-8 flex items-center justify-center gap-2.5">
        <BrandMark />
        <span className="text-base font-semibold tracking-tight text-foreground">OpenPractice</span>
      </div>
      <div className="rounded-xl border bg-card p-8 text-center shadow-sm">{children}</div>
    </div>
  </main>
);
