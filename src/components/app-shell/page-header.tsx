import type * as React from 'react';

import { cn } from '@/lib/utils/cn';

type PageHeaderProps = {
  /** The page's `<h1>`; keep it equal to the nav label so the two read the same. */
  title: string;
  description?: React.ReactNode;
  /** Primary actions for the page, right-aligned on wide screens. */
  actions?: React.ReactNode;
  className?: string;
};

/** The title block at the top of every signed-in page. */
export const PageHeader = ({ title, description, actions, className }: PageHeaderProps) => (
  <div
    className={cn(
      'mb-6 flex flex-col gap-4 border-b pb-6 sm:flex-row sm:items-end sm:justify-between lg:mb-8',
      className,
    )}
  >
    <div className="min-w-0 space-y-1.5">
      <h1 className="text-2xl font-semibold tracking-tight text-foreground">{title}</h1>
      {description ? <p className="max-w-2xl text-sm text-pretty text-muted-foreground">{description}</p> : null}
    </div>
    {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
  </div>
);
