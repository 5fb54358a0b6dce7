import { cn } from '@/lib/utils/cn';

import { BrandLink } from './brand';
import { SidebarNav } from './sidebar-nav';

/**
 * The fixed left sidebar on wide screens (≥ 1024px). Below that the same navigation lives in a
 * sheet opened from the top bar (see MobileNav), so a portrait tablet keeps the full width.
 */
export const AppSidebar = ({ className }: { className?: string }) => (
  <div
    className={cn(
      'fixed inset-y-0 left-0 z-30 hidden w-64 flex-col border-r border-sidebar-border bg-sidebar lg:flex',
      className,
    )}
  >
    {/* The brand sits inside the nav landmark so no sidebar content is outside a landmark. */}
    <SidebarNav
      header={
        <div className="flex h-16 shrink-0 items-center border-b border-sidebar-border px-5">
          <BrandLink />
        </div>
      }
    />
  </div>
);
