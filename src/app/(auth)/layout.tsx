import type * as React from 'react';

import { CenteredPage } from '@/components/app-shell/centered-page';

/**
 * Sign-up, sign-in and two-factor enrolment: outside the app shell, one centered card. The
 * session cookie is set by these pages' requests, so nothing here reads it on the server.
 */
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return <CenteredPage textAlign="start">{children}</CenteredPage>;
}
