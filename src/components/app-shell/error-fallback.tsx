'use client';

import { RotateCcwIcon, TriangleAlertIcon } from 'lucide-react';

import { Button } from '@/components/ui/button';

/** Next.js adds `digest` to errors from server rendering: a hash that also appears in the server log. */
const digestOf = (error: unknown): string | null => {
  if (typeof error === 'object' && error !== null && 'digest' in error && typeof error.digest === 'string') {
    return error.digest;
  }
  return null;
};

type ErrorFallbackProps = {
  error: unknown;
  /** Next's `retry()`: re-fetches and re-renders the failed segment. */
  onRetry: () => void;
};

/**
 * The body of every error boundary. It deliberately never shows `error.message`: a message can
 * quote a patient's data, and the person looking at the screen may not be allowed to see it. The
 * digest is enough for an administrator to find the full error in the server log.
 */
export const ErrorFallback = ({ error, onRetry }: ErrorFallbackProps) => {
  const digest = digestOf(error);
  return (
    <div className="flex flex-col items-center text-center" role="alert">
      <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-destructive/10 text-destructive">
        <TriangleAlertIcon className="size-6" aria-hidden="true" />
      </div>
      <h1 className="text-xl font-semibold tracking-tight text-foreground">Something went wrong</h1>
      <p className="mt-2 max-w-md text-sm leading-relaxed text-pretty text-muted-foreground">
        Sorry, this page could not be displayed. Information you have already saved is not affected. Please try
        again; if the problem continues, contact your administrator
        {digest ? ' and quote the reference code below' : ''}.
      </p>
      {digest ? (
        <p className="mt-4 text-sm text-muted-foreground">
          Reference code:{' '}
          <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs text-foreground select-all">{digest}</code>
        </p>
      ) : null}
      <div className="mt-6 flex flex-wrap justify-center gap-2">
        <Button onClick={onRetry}>
          <RotateCcwIcon aria-hidden="true" />
          Try again
        </Button>
        {/* A plain link, not next/link: after a crash a full page load is the most reliable way out. */}
        <Button asChild variant="outline">
          <a href="/schedule">Go to schedule</a>
        </Button>
      </div>
    </div>
  );
};
