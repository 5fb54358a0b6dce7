'use client';

import * as React from 'react';

import { Button } from '@/components/ui/button';
import { useLocalData } from '@/components/local-data/local-data-context';
import { browserKeyring } from '@/lib/local/browser-keyring';
import { offlineUnlockOf, passkeyCopiesOf, type DeviceRecord } from '@/lib/local/device-keyring';
import { browserPasskeyUnlock, passkeysAvailable } from '@/lib/local/passkey-browser';
import { PasskeyUnlockError, type PasskeyUnlockFailure } from '@/lib/local/passkey-unlock';

/*
 * Offline unlock with a passkey, set up from the passkeys card (issue #6 §5): asks one of the
 * person's passkeys for a PRF result and stores a copy of this device's database key wrapped by it,
 * so the unlock screen can offer "Unlock with passkey" when the app opens offline. Local to this
 * browser: nothing about it reaches the server.
 */

/** What went wrong while setting it up (the unlock screen words the same failures for unlocking). */
const ENABLE_MESSAGES: Record<PasskeyUnlockFailure, string> = {
  no_prf: "This passkey can't unlock offline: its authenticator does not support it. Your password still unlocks this device offline.",
  cancelled: 'No passkey was used, so nothing changed.',
  not_this_device: 'That passkey is not one of yours.',
  no_passkey: 'Add a passkey first.',
  unsupported: "This browser can't use passkeys.",
};

const methodsText = (record: DeviceRecord | null): string => {
  const methods = [
    ...(offlineUnlockOf(record) === 'password' ? ['password'] : []),
    ...(passkeyCopiesOf(record).length > 0 ? ['passkey'] : []),
  ];
  return methods.length === 0 ? 'Offline unlock: not set up on this device yet' : `Offline unlock: ${methods.join(', ')}`;
};

// Whether the browser has WebAuthn does not change while the page is open.
const noSubscription = () => () => undefined;

/** "Use a passkey to unlock this device offline", and what opens this device offline now. */
export const PasskeyOfflineUnlock = ({ credentialIds, disabled }: { credentialIds: string[]; disabled: boolean }) => {
  const { userId, state } = useLocalData();
  // undefined while reading this browser's record.
  const [record, setRecord] = React.useState<DeviceRecord | null | undefined>(undefined);
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const [status, setStatus] = React.useState<string | null>(null);
  const supported = React.useSyncExternalStore(noSubscription, passkeysAvailable, () => true);
  const ready = state.kind === 'ready';

  // Bumped after setting up, to read the record again.
  const [revision, setRevision] = React.useState(0);

  React.useEffect(() => {
    // Read again when the database opens too: a first device here is registered then.
    let current = true;
    void browserKeyring()
      .record(userId)
      .catch(() => null)
      .then((value) => {
        if (current) {
          setRecord(value);
        }
      });
    return () => {
      current = false;
    };
  }, [userId, ready, revision]);

  const enable = async () => {
    setError(null);
    setStatus(null);
    setBusy(true);
    try {
      await browserPasskeyUnlock().enable({ userId, credentialIds });
      setStatus('This device now also opens offline with your passkey.');
    } catch (caught) {
      setError(caught instanceof PasskeyUnlockError ? ENABLE_MESSAGES[caught.reason] : 'Offline unlock with a passkey could not be set up. Try again.');
    } finally {
      setBusy(false);
      setRevision((value) => value + 1);
    }
  };

  return (
    <div className="grid gap-2 border-t pt-4">
      <p className="text-sm text-muted-foreground" data-testid="offline-unlock-methods">
        {record === undefined ? 'Offline unlock: …' : methodsText(record)}
      </p>
      <div>
        <Button type="button" variant="outline" disabled={disabled || busy || !ready || !supported || credentialIds.length === 0} onClick={() => void enable()}>
          {busy ? 'Waiting for your passkey…' : 'Use a passkey to unlock this device offline'}
        </Button>
      </div>
      {!supported ? <p className="text-sm text-muted-foreground">This browser can&apos;t use passkeys.</p> : null}
      {error !== null && (
        <p role="alert" className="text-sm font-medium text-destructive">
          {error}
        </p>
      )}
      {status !== null && (
        <p role="status" className="text-sm text-foreground">
          {status}
        </p>
      )}
    </div>
  );
};
