import type * as React from 'react';

import { cn } from '@/lib/utils/cn';

import { inputBaseClasses } from './input';

/**
 * The browser's own `<select>`, styled like the other fields: for toolbars on pages whose first load
 * must stay small (DESIGN §8), where the Radix `Select` and its popper would cost ~8 kB gzip. Native
 * selects are keyboard and screen-reader friendly on every platform. Pair it with `<Label htmlFor>`.
 */
export const NativeSelect = ({ className, ...props }: React.ComponentProps<'select'>) => (
  <select data-slot="native-select" className={cn(inputBaseClasses, 'h-10 px-3 py-2', className)} {...props} />
);
