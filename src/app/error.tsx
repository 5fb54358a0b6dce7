'use client';

import { CenteredPage } from '@/components/app-shell/centered-page';
import { ErrorFallback } from '@/components/app-shell/error-fallback';

/**
 * Catches errors the app shell itself throws (its layout, or a page outside it). Errors inside a
 * signed-in page are caught closer, by `(app)/error.tsx`, and keep the shell usable.
 */
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <CenteredPage>
      <ErrorFallback error={error} onRetry={retry} />
    </CenteredPage>
  );
}
