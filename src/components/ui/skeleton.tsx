import type * as React from 'react';

import { cn } from '@/lib/utils/cn';

/**
 * A placeholder block while data loads. It is hidden from assistive technology: the loading
 * region around it should carry `aria-busy` and a text such as "Loading schedule…".
 */
export const Skeleton = ({ className, ...props }: React.ComponentProps<'div'>) => (
  <div
    data-slot="skeleton"
    aria-hidden="true"
    className={cn('rounded-md bg-muted motion-safe:animate-pulse', className)}
    {...props}
  />
);
