import Link from 'next/link';

import { cn } from '@/lib/utils/cn';

/**
 * The OpenPractice mark: a rounded teal square with a white medical cross, identical in both themes
 * (a logo does not follow the palette). Same drawing as app/icon.svg.
 */
export const BrandMark = ({ className }: { className?: string }) => (
  <svg viewBox="0 0 32 32" className={cn('size-8 shrink-0', className)} aria-hidden="true" focusable="false">
    <rect width="32" height="32" rx="8" className="fill-teal-700" />
    <path
      d="M13.5 8.5h5a1 1 0 0 1 1 1v4h4a1 1 0 0 1 1 1v5a1 1 0 0 1-1 1h-4v4a1 1 0 0 1-1 1h-5a1 1 0 0 1-1-1v-4h-4a1 1 0 0 1-1-1v-5a1 1 0 0 1 1-1h4v-4a1 1 0 0 1 1-1Z"
      className="fill-white"
    />
  </svg>
);

/** Mark + wordmark, linking to the start screen. */
export const BrandLink = ({ className, hideWordmark = false }: { className?: string; hideWordmark?: boolean }) => (
  <Link
    href="/schedule"
    className={cn(
      'flex items-center gap-2.5 rounded-md outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background',
      className,
    )}
  >
    <BrandMark />
    {hideWordmark ? (
      <span className="sr-only">OpenPractice home</span>
    ) : (
      <span className="text-base font-semibold tracking-tight text-foreground">
        OpenPractice<span className="sr-only"> home</span>
      </span>
    )}
  </Link>
);
