'use client';

import * as React from 'react';

import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';

import { useLocalData, type UnsyncedWork } from './local-data-context';
import { describeUnsyncedCounts } from './unsynced-work';

/** Why a shared device was not wiped, in the person's words. */
const describeUnsynced = (work: UnsyncedWork): string => {
  const counts = describeUnsyncedCounts(work);
  if (counts === null) {
    return "This device's data is locked, so it cannot be checked for changes that haven't reached the server yet. Stay signed in and unlock it so they can sync, or sign out and keep the data encrypted on this device.";
  }
  return `${counts} Stay signed in until they sync, or sign out and keep them encrypted on this device.`;
};

/**
 * Signing out from the shell (user menu, unlock screen): a shared device is wiped first, unless
 * work on it has not reached the server — then the dialog lets the person stay signed in or sign
 * out keeping that work encrypted here. There is deliberately no "discard": offline work is never
 * lost by signing out.
 */
export const useSignOut = (): { signOut: (everywhere: boolean) => void; busy: boolean; dialog: React.ReactNode } => {
  const { signOut } = useLocalData();
  const [busy, setBusy] = React.useState(false);
  const [asking, setAsking] = React.useState<{ everywhere: boolean; work: UnsyncedWork } | null>(null);

  const run = React.useCallback(
    async (everywhere: boolean, keepUnsynced: boolean) => {
      setBusy(true);
      setAsking(null);
      try {
        const outcome = await signOut({ everywhere, keepUnsynced });
        switch (outcome.kind) {
          case 'signed_out':
            // A full navigation, so nothing of the signed-in pages stays in memory or the router cache.
            // eslint-disable-next-line @next/next/no-location-assign-relative-destination
            window.location.assign('/sign-in');
            return;
          case 'unsynced':
            setAsking({ everywhere, work: outcome.work });
            return;
          case 'offline':
            // Locked; the sign-out reaches the server when the network returns.
            return;
        }
      } finally {
        setBusy(false);
      }
    },
    [signOut],
  );

  const dialog = (
    <Dialog open={asking !== null} onOpenChange={(open) => (open ? undefined : setAsking(null))}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Changes not on the server yet</DialogTitle>
          <DialogDescription>{asking === null ? null : describeUnsynced(asking.work)}</DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <Button variant="outline" onClick={() => (asking === null ? undefined : void run(asking.everywhere, true))}>
            Sign out and keep them encrypted
          </Button>
          <Button onClick={() => setAsking(null)}>Stay signed in</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );

  return { signOut: (everywhere) => void run(everywhere, false), busy, dialog };
};
