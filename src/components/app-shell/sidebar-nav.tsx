'use client';

import Link from 'next/link';
import * as React from 'react';
import { usePathname } from 'next/navigation';

import { useOpenConflictCount } from '@/components/features/conflicts/use-open-conflict-count';
import { cn } from '@/lib/utils/cn';

import { navMatch, primaryNavItems, secondaryNavItems, type NavItem } from './nav-items';

type SidebarNavProps = {
  /** Called after a link is followed, so the tablet sheet can close itself. */
  onNavigate?: () => void;
  /** Rendered at the top inside the landmark (the desktop sidebar's brand link). */
  header?: React.ReactNode;
  className?: string;
};

/**
 * The main navigation (a `<nav aria-label="Main">`), shared by the desktop sidebar and the tablet
 * sheet. The current page's link carries `aria-current="page"`; inside a section (e.g. a chart under
 * Patients) the section link carries `aria-current="true"` and keeps its highlight. A count (open
 * conflicts, from the device database) shows beside its label and is the link's description, so
 * the link's name stays its label.
 */
export const SidebarNav = ({ onNavigate, header, className }: SidebarNavProps) => {
  const pathname = usePathname();
  const openConflicts = useOpenConflictCount();
  const descriptionPrefix = React.useId();

  const renderItem = (item: NavItem) => {
    const match = navMatch(pathname, item.href);
    const Icon = item.icon;
    const count = item.count === 'openConflicts' ? openConflicts : 0;
    const descriptionId = `${descriptionPrefix}-${item.href.slice(1)}`;
    return (
      <li key={item.href}>
        {count > 0 ? (
          <span id={descriptionId} hidden>
            {count} open
          </span>
        ) : null}
        <Link
          href={item.href}
          onClick={onNavigate}
          aria-describedby={count > 0 ? descriptionId : undefined}
          aria-current={match === 'page' ? 'page' : match === 'section' ? 'true' : undefined}
          className={cn(
            'group flex h-10 items-center gap-3 rounded-md px-3 text-sm font-medium transition-colors outline-none',
            'focus-visible:ring-2 focus-visible:ring-ring',
            match
              ? 'bg-primary/10 text-primary'
              : 'text-sidebar-foreground hover:bg-sidebar-accent hover:text-sidebar-accent-foreground',
          )}
        >
          <Icon
            className={cn(
              'size-[1.125rem] shrink-0',
              match ? 'text-primary' : 'text-muted-foreground group-hover:text-sidebar-accent-foreground',
            )}
            aria-hidden="true"
          />
          {item.label}
          {count > 0 ? (
            <span
              aria-hidden="true"
              data-testid={`nav-count-${item.href.slice(1)}`}
              className="ml-auto inline-flex min-w-5 items-center justify-center rounded-full bg-warning/15 px-1.5 text-xs font-semibold text-warning tabular-nums"
            >
              {count}
            </span>
          ) : null}
        </Link>
      </li>
    );
  };

  return (
    <nav aria-label="Main" className={cn('flex min-h-0 flex-1 flex-col', className)}>
      {header}
      <div className="flex flex-1 flex-col overflow-y-auto px-3 py-4">
        <ul className="flex flex-col gap-1">{primaryNavItems.map(renderItem)}</ul>
        <ul className="mt-auto flex flex-col gap-1 border-t border-sidebar-border pt-3">
          {secondaryNavItems.map(renderItem)}
        </ul>
      </div>
    </nav>
  );
};
