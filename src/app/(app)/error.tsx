'use client';

import { ErrorFallback } from '@/components/app-shell/error-fallback';

/**
 * A page of the signed-in app failed: show the error inside the shell, so the navigation and the
 * sync status stay available and staff can move on to another screen.
 */
export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <div className="rounded-xl border bg-card px-6 py-12 shadow-xs sm:py-16">
      <ErrorFallback error={error} onRetry={retry} />
    </div>
  );
}
