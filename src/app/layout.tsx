import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type * as React from 'react';

import { AppProviders } from '@/components/app-providers';

import './globals.css';

export const metadata: Metadata = {
  title: { template: '%s · OpenPractice', default: 'OpenPractice' },
  description: 'Scheduling, patient records, billing and documents for medical practices, online and offline.',
  applicationName: 'OpenPractice',
  // Clinic screens must never end up in a search index, even if a deployment is left public.
  robots: { index: false, follow: false },
  formatDetection: { telephone: false, email: false, address: false },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  colorScheme: 'light dark',
  // The top bar's colour in each theme (--card), so the browser chrome blends in.
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#11161e' },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The proxy generates a CSP nonce per request and forwards it here. Reading a request header
  // makes every page dynamic, which a per-request nonce requires anyway.
  const nonce = (await headers()).get('x-nonce') ?? undefined;

  return (
    // next-themes sets the theme class on <html> before hydration; React must not complain about it.
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">
        <AppProviders nonce={nonce}>{children}</AppProviders>
      </body>
    </html>
  );
}
