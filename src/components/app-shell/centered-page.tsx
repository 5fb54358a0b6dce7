import type * as React from 'react';

import { cn } from '@/lib/utils/cn';

import { BrandMark } from './brand';

/**
 * A full-screen frame for pages shown outside the app shell (sign-in, 404, errors that took the
 * shell down). It supplies the `<main>` landmark those pages would otherwise lack. Messages are
 * centred; forms (`textAlign="start"`) are not.
 */
export const CenteredPage = ({
  children,
  textAlign = 'center',
}: {
  children: React.ReactNode;
  textAlign?: 'center' | 'start';
}) => (
  <main id="main-content" tabIndex={-1} className="flex min-h-dvh flex-col items-center justify-center p-6 outline-none">
    <div className="w-full max-w-md">
      <div className="mb-8 flex items-center justify-center gap-2.5">
        <BrandMark />
        <span className="text-base font-semibold tracking-tight text-foreground">OpenPractice</span>
      </div>
      <div className={cn('rounded-xl border bg-card p-8 shadow-sm', textAlign === 'center' && 'text-center')}>{children}</div>
    </div>
  </main>
);
