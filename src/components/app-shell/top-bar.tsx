import { SyncStatusIndicator } from '@/components/local-data/sync-status-indicator';
import { ThemeToggle } from '@/components/theme/theme-toggle';

import { BrandLink } from './brand';
import { MobileNav } from './mobile-nav';
import { PracticeSwitcher, type PracticeOption } from './practice-switcher';
import { UserMenu } from './user-menu';

type TopBarProps = {
  practices: readonly PracticeOption[];
  currentPracticeId: string | null;
  user: { name: string; email: string };
};

/** The page header (`banner` landmark): practice on the left, status and personal controls on the right. */
export const TopBar = ({ practices, currentPracticeId, user }: TopBarProps) => (
  <header className="sticky top-0 z-20 flex h-16 shrink-0 items-center gap-2 border-b bg-card/95 px-3 backdrop-blur supports-[backdrop-filter]:bg-card/80 sm:gap-3 sm:px-6 lg:px-8">
    <MobileNav />
    <BrandLink hideWordmark className="lg:hidden" />
    <div className="mx-1 h-8 w-px bg-border lg:hidden" aria-hidden="true" />
    <PracticeSwitcher practices={practices} currentPracticeId={currentPracticeId} />
    <div className="ml-auto flex items-center gap-1 sm:gap-2">
      <SyncStatusIndicator />
      <ThemeToggle />
      <UserMenu user={user} />
    </div>
  </header>
);
