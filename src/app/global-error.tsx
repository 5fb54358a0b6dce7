'use client';

import { useEffect } from 'react';

import { CenteredPage } from '@/components/app-shell/centered-page';
import { ErrorFallback } from '@/components/app-shell/error-fallback';

import './globals.css';

/**
 * Last resort when the root layout itself fails. It replaces the whole document, so it brings its
 * own <html>/<body> and stylesheet, and cannot use next-themes: it re-applies the theme the user
 * chose (next-themes' `theme` key in localStorage); with no choice, CSS follows the OS.
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    try {
      const stored = window.localStorage.getItem('theme');
      if (stored === 'light' || stored === 'dark') {
        document.documentElement.classList.add(stored);
      }
    } catch {
      // Storage can be blocked by browser policy; the OS preference still applies.
    }
  }, []);

  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">
        <title>Something went wrong · OpenPractice</title>
        {/* No metadata API here, so the favicon is linked by hand (React hoists it into <head>). */}
        <link rel="icon" href="/icon.svg" type="image/svg+xml" />
        <CenteredPage>
          <ErrorFallback error={error} onRetry={retry} />
        </CenteredPage>
      </body>
    </html>
  );
}
