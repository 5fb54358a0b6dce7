import { redirect } from 'next/navigation';
import type * as React from 'react';

import { AppSidebar } from '@/components/app-shell/app-sidebar';
import { IdleLock } from '@/components/app-shell/idle-lock';
import { SkipLink } from '@/components/app-shell/skip-link';
import { TopBar } from '@/components/app-shell/top-bar';
import { ShellFreshness } from '@/components/features/practice-settings/shell-freshness';
import { LocalDataNotice } from '@/components/local-data/local-data-notice';
import { LocalDataProvider } from '@/components/local-data/local-data-provider';
import { ServiceWorker } from '@/components/pwa/service-worker';
import { getActiveMembership } from '@/lib/auth/page-active-practice';
import { getPageSession } from '@/lib/auth/page-session';
import { roleSeesPhi } from '@/lib/auth/permissions';
import { getDatabase } from '@/lib/db/client';
import { listMemberPractices } from '@/lib/domain/practices/list-member-practices';

/**
 * The signed-in shell: sidebar (a sheet below 1024px), top bar, and the `<main>` every page
 * renders into. Nobody gets it without a session, and a member whose role sees patient data gets
 * it only after enrolling a second factor (issue #4: TOTP for every such role). These checks are
 * for navigation; every API call and domain function checks again (DESIGN §6).
 *
 * The top bar names the active practice (the browser's choice, or the first by name), the same one
 * pages take from getActiveMembership. This layout is not rendered again on client-side navigation:
 * ShellFreshness refreshes it when the active practice or the idle timeout changed meanwhile.
 *
 * LocalDataProvider opens this browser's copy of the practice data (issue #6) for every page of the
 * shell, so the top bar's sync status and the screens that read the device database share it.
 * ServiceWorker keeps the shell's screens available offline and offers app updates (issue #6 §4).
 */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const session = await getPageSession();
  if (session === null) {
    redirect('/sign-in');
  }
  if (!session.twoFactorEnabled && session.memberships.some((m) => roleSeesPhi(m.role))) {
    redirect('/setup/two-factor');
  }
  const practices = await listMemberPractices({ database: await getDatabase(), actor: session });
  const active = await getActiveMembership(session);
  const activePracticeId = active?.practiceId ?? null;
  return (
    <LocalDataProvider userId={session.userId} practiceId={activePracticeId}>
      <SkipLink />
      <IdleLock idleTimeoutMinutes={session.idleTimeoutMinutes} />
      <ShellFreshness practiceId={activePracticeId} idleTimeoutMinutes={session.idleTimeoutMinutes} />
      <ServiceWorker />
      <AppSidebar />
      <div className="flex min-h-dvh flex-col lg:pl-64">
        <TopBar practices={practices} currentPracticeId={activePracticeId} user={session.user} />
        {/* tabIndex lets the skip link move keyboard focus here, not just scroll. */}
        <main id="main-content" tabIndex={-1} className="flex-1 outline-none">
          <div className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
            <LocalDataNotice />
            {children}
          </div>
        </main>
      </div>
    </LocalDataProvider>
  );
}
