'use client';

import { ShieldOffIcon, TriangleAlertIcon } from 'lucide-react';
import * as React from 'react';

import { useLocalData } from './local-data-context';

// Loaded when first needed: the unlock form (react-hook-form, Zod) is not part of every page's first
// load (DESIGN §8 budget). The service worker precaches it with the rest of the build, so it is
// there offline, which is when it is needed.
const UnlockScreen = React.lazy(() => import('./unlock-screen').then((module) => ({ default: module.UnlockScreen })));

/**
 * Why the practice data on this device is not there, when it is not (above every page's content):
 * a revoked device (its data was just deleted) or a database that could not be opened. While the
 * database is locked it shows the unlock screen *instead of* the page: the layout renders the page
 * right after this component, and the `[&~*]:hidden` rule hides those siblings, so no screen that
 * needs the database shows around the password form (the page holds no rows then anyway: the
 * query cache was cleared and its queries wait for an open database).
 */
export const LocalDataNotice = () => {
  const { state } = useLocalData();
  if (state.kind === 'opening' || state.kind === 'ready') {
    return null;
  }
  if (state.kind === 'locked') {
    return (
      <div data-testid="unlock-screen" className="py-8 [&~*]:hidden">
        <React.Suspense fallback={<p className="text-sm text-muted-foreground">Opening the unlock form…</p>}>
          <UnlockScreen state={state} />
        </React.Suspense>
      </div>
    );
  }
  const revoked = state.kind === 'revoked';
  const Icon = revoked ? ShieldOffIcon : TriangleAlertIcon;
  let text: string;
  if (revoked) {
    text = 'Access from this browser was revoked, so the practice data stored on it has been deleted. Sign in again to use this browser.';
  } else if (state.reason === 'offline') {
    text = 'The practice data on this device could not be unlocked because you are offline. Connect to the network and reload the page.';
  } else if (state.reason === 'signed_out') {
    text = 'Your session has ended. Sign in again to open the practice data on this device.';
  } else {
    text = 'The practice data on this device could not be opened. Reload the page; if this keeps happening, this browser may block site storage.';
  }
  return (
    <div role="alert" className="mb-6 flex items-start gap-3 rounded-lg border border-destructive/30 bg-destructive/10 p-4 text-sm text-destructive">
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <p>{text}</p>
    </div>
  );
};
