import type * as React from 'react';

import { AppSidebar } from '@/components/app-shell/app-sidebar';
import { SkipLink } from '@/components/app-shell/skip-link';
import { TopBar } from '@/components/app-shell/top-bar';

/**
 * The signed-in shell: sidebar (a sheet below 1024px), top bar, and the `<main>` every page
 * renders into. Practices come from the session once sign-in exists; until then there are none.
 */
export default function AppLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <SkipLink />
      <AppSidebar />
      <div className="flex min-h-dvh flex-col lg:pl-64">
        <TopBar practices={[]} currentPracticeId={null} />
        {/* tabIndex lets the skip link move keyboard focus here, not just scroll. */}
        <main id="main-content" tabIndex={-1} className="flex-1 outline-none">
          <div className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">{children}</div>
        </main>
      </div>
    </>
  );
}
