import { CalendarDaysIcon, FileTextIcon, GitMergeIcon, ReceiptIcon, SettingsIcon, UsersIcon, type LucideIcon } from 'lucide-react';

/** One entry of the main navigation. */
export type NavItem = {
  /** Visible text, which is also the link's accessible name (end-to-end tests select by it). */
  label: string;
  href: `/${string}`;
  icon: LucideIcon;
  /**
   * A live count shown beside the label (e.g. open conflicts). It is the link's description, never
   * part of its name, so "Conflicts" stays "Conflicts" whatever the count.
   */
  count?: 'openConflicts';
};

/** The work areas, in the order staff use them through the day. */
export const primaryNavItems: readonly NavItem[] = [
  { label: 'Schedule', href: '/schedule', icon: CalendarDaysIcon },
  { label: 'Patients', href: '/patients', icon: UsersIcon },
  { label: 'Billing', href: '/billing', icon: ReceiptIcon },
  { label: 'Documents', href: '/documents', icon: FileTextIcon },
  { label: 'Conflicts', href: '/conflicts', icon: GitMergeIcon, count: 'openConflicts' },
];

/** Administration, kept apart at the bottom of the sidebar. */
export const secondaryNavItems: readonly NavItem[] = [{ label: 'Settings', href: '/settings', icon: SettingsIcon }];

/**
 * How a nav item relates to the current path: the page itself, a page inside its section (such as
 * a patient's chart under Patients), or neither.
 */
export const navMatch = (pathname: string, href: string): 'page' | 'section' | null => {
  if (pathname === href) {
    return 'page';
  }
  return pathname.startsWith(`${href}/`) ? 'section' : null;
};
