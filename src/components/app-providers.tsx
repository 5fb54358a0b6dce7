'use client';

import { ThemeProvider } from 'next-themes';
import type * as React from 'react';

import { Toaster } from '@/components/ui/toast';
import { TooltipProvider } from '@/components/ui/tooltip';

type AppProvidersProps = {
  children: React.ReactNode;
  /**
   * The per-request CSP nonce (from the proxy's `x-nonce` header). next-themes puts it on the
   * inline script that sets the theme class before first paint; without it a strict CSP blocks
   * the script and every page flashes light before turning dark.
   */
  nonce: string | undefined;
};

/** Client-side context every page needs: theme, tooltip timing, the toast outlet. */
export const AppProviders = ({ children, nonce }: AppProvidersProps) => (
  <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
    <TooltipProvider>
      {children}
      <Toaster />
    </TooltipProvider>
  </ThemeProvider>
);
