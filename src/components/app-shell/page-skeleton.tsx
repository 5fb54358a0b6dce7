import { Skeleton } from '@/components/ui/skeleton';

/**
 * The placeholder a page's `loading.tsx` shows inside the shell while its server part renders, so
 * a click in the navigation responds at once. Shaped like PageHeader plus a list.
 */
export const PageSkeleton = ({ label = 'Loading…' }: { label?: string }) => (
  <div role="status" aria-live="polite" aria-busy="true">
    <span className="sr-only">{label}</span>
    <div className="mb-6 space-y-3 border-b pb-6 lg:mb-8">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-4 w-full max-w-md" />
    </div>
    <div className="space-y-3">
      <Skeleton className="h-12 w-full" />
      <Skeleton className="h-12 w-full" />
      <Skeleton className="h-12 w-2/3" />
    </div>
  </div>
);
