import type * as React from 'react';

import { cn } from '@/lib/utils/cn';

/** A surface grouping related content, e.g. a patient's contact details. */
export const Card = ({ className, ...props }: React.ComponentProps<'div'>) => (
  <div
    data-slot="card"
    className={cn('flex flex-col gap-6 rounded-xl border bg-card py-6 text-card-foreground shadow-xs', className)}
    {...props}
  />
);

export const CardHeader = ({ className, ...props }: React.ComponentProps<'div'>) => (
  <div
    data-slot="card-header"
    className={cn(
      'grid auto-rows-min grid-rows-[auto_auto] items-start gap-1.5 px-6 has-data-[slot=card-action]:grid-cols-[1fr_auto]',
      className,
    )}
    {...props}
  />
);

/** Renders an `<h2>` by default; pass `asHeading` to fit the page's heading outline. */
export const CardTitle = ({
  className,
  asHeading: Heading = 'h2',
  ...props
}: React.ComponentProps<'h2'> & { asHeading?: 'h2' | 'h3' | 'h4' }) => (
  <Heading data-slot="card-title" className={cn('text-base leading-tight font-semibold', className)} {...props} />
);

export const CardDescription = ({ className, ...props }: React.ComponentProps<'p'>) => (
  <p data-slot="card-description" className={cn('text-sm text-muted-foreground', className)} {...props} />
);

/** Top-right slot of a card header, e.g. an "Edit" button. */
export const CardAction = ({ className, ...props }: React.ComponentProps<'div'>) => (
  <div
    data-slot="card-action"
    className={cn('col-start-2 row-span-2 row-start-1 self-start justify-self-end', className)}
    {...props}
  />
);

export const CardContent = ({ className, ...props }: React.ComponentProps<'div'>) => (
  <div data-slot="card-content" className={cn('px-6', className)} {...props} />
);

export const CardFooter = ({ className, ...props }: React.ComponentProps<'div'>) => (
  <div data-slot="card-footer" className={cn('flex items-center gap-2 px-6', className)} {...props} />
);
