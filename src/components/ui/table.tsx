import type * as React from 'react';

import { cn } from '@/lib/utils/cn';

/** A data table; the wrapper scrolls horizontally on narrow screens instead of squashing columns. */
export const Table = ({ className, ...props }: React.ComponentProps<'table'>) => (
  <div data-slot="table-container" className="relative w-full overflow-x-auto">
    <table data-slot="table" className={cn('w-full caption-bottom text-sm', className)} {...props} />
  </div>
);

export const TableHeader = ({ className, ...props }: React.ComponentProps<'thead'>) => (
  <thead data-slot="table-header" className={cn('[&_tr]:border-b', className)} {...props} />
);

export const TableBody = ({ className, ...props }: React.ComponentProps<'tbody'>) => (
  <tbody data-slot="table-body" className={cn('[&_tr:last-child]:border-0', className)} {...props} />
);

export const TableFooter = ({ className, ...props }: React.ComponentProps<'tfoot'>) => (
  <tfoot
    data-slot="table-footer"
    className={cn('border-t bg-muted/50 font-medium [&>tr]:last:border-b-0', className)}
    {...props}
  />
);

export const TableRow = ({ className, ...props }: React.ComponentProps<'tr'>) => (
  <tr
    data-slot="table-row"
    className={cn('border-b transition-colors hover:bg-muted/50 data-[state=selected]:bg-muted', className)}
    {...props}
  />
);

/** Column header; defaults to `scope="col"` so screen readers announce it with each cell. */
export const TableHead = ({ className, scope = 'col', ...props }: React.ComponentProps<'th'>) => (
  <th
    data-slot="table-head"
    scope={scope}
    className={cn(
      'h-10 px-3 text-left align-middle text-xs font-medium tracking-wide whitespace-nowrap text-muted-foreground uppercase',
      '[&:has([role=checkbox])]:pr-0',
      className,
    )}
    {...props}
  />
);

export const TableCell = ({ className, ...props }: React.ComponentProps<'td'>) => (
  <td
    data-slot="table-cell"
    className={cn('px-3 py-2.5 align-middle [&:has([role=checkbox])]:pr-0', className)}
    {...props}
  />
);

export const TableCaption = ({ className, ...props }: React.ComponentProps<'caption'>) => (
  <caption data-slot="table-caption" className={cn('mt-4 text-sm text-muted-foreground', className)} {...props} />
);
