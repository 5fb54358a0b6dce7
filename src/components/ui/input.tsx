import type * as React from 'react';

import { cn } from '@/lib/utils/cn';

/** Shared by every text-like control so inputs, selects and textareas line up. */
export const inputBaseClasses = cn(
  'w-full min-w-0 rounded-md border border-input bg-card text-sm text-foreground shadow-xs transition-colors outline-none',
  'placeholder:text-muted-foreground',
  'focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/40',
  'disabled:cursor-not-allowed disabled:opacity-50',
  'aria-invalid:border-destructive aria-invalid:focus-visible:ring-destructive/30',
);

/** A single-line text field. Pair it with `<Label htmlFor>` or use it inside `<FormControl>`. */
export const Input = ({ className, type = 'text', ...props }: React.ComponentProps<'input'>) => (
  <input
    data-slot="input"
    type={type}
    className={cn(
      inputBaseClasses,
      'h-10 px-3 py-2',
      'file:mr-3 file:border-0 file:bg-transparent file:text-sm file:font-medium file:text-foreground',
      className,
    )}
    {...props}
  />
);
