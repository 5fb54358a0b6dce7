import type * as React from 'react';

import { cn } from '@/lib/utils/cn';

import { inputBaseClasses } from './input';

/** Multi-line text, e.g. appointment notes or a break-glass reason. */
export const Textarea = ({ className, ...props }: React.ComponentProps<'textarea'>) => (
  <textarea
    data-slot="textarea"
    className={cn(inputBaseClasses, 'field-sizing-content min-h-20 px-3 py-2 leading-relaxed', className)}
    {...props}
  />
);
