import type { LucideIcon } from 'lucide-react';
import type * as React from 'react';

import { cn } from '@/lib/utils/cn';

export type EmptyStateProps = Omit<React.ComponentProps<'div'>, 'title'> & {
  /** A lucide icon component (not an element), drawn decoratively above the title. */
  icon: LucideIcon;
  title: React.ReactNode;
  description: React.ReactNode;
  /** Buttons or links that get the user unstuck, e.g. "Set up your practice". */
  action?: React.ReactNode;
  /** Pick the level that continues the page's outline; the page's `<h1>` is usually above. */
  headingLevel?: 'h2' | 'h3';
};

/**
 * What a screen shows when there is nothing to list yet: says what will appear here and, when
 * there is one, the next step. Its title is a real heading, so screen-reader users can jump to it.
 */
export const EmptyState = ({
  icon: Icon,
  title,
  description,
  action,
  headingLevel: Heading = 'h2',
  className,
  ...props
}: EmptyStateProps) => {
  return (
    <div
      data-slot="empty-state"
      className={cn(
        'flex flex-col items-center justify-center rounded-xl border border-dashed border-input/45 bg-card px-6 py-12 text-center sm:py-16',
        className,
      )}
      {...props}
    >
      <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-primary/10 text-primary">
        <Icon className="size-6" aria-hidden="true" />
      </div>
      <Heading className="text-base font-semibold text-foreground">{title}</Heading>
      <p className="mt-1.5 max-w-md text-sm leading-relaxed text-pretty text-muted-foreground">{description}</p>
      {action ? <div className="mt-6 flex flex-wrap items-center justify-center gap-2">{action}</div> : null}
    </div>
  );
};
