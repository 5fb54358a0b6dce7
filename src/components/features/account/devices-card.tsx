'use client';

import { LaptopIcon } from 'lucide-react';
import * as React from 'react';

import { relativeTime } from '@/components/local-data/describe-sync-status';
import { fetchDevices, revokeDevice, type DeviceSummary } from '@/components/local-data/devices-api';
import { useLocalData } from '@/components/local-data/local-data-context';
import { describeUnsyncedCounts } from '@/components/local-data/unsynced-work';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { browserKeyring } from '@/lib/local/browser-keyring';

/*
 * Devices (issue #6 §5): every browser that holds a copy of the person's practice data. Another
 * device can be revoked (lost or stolen: it deletes its copy the next time it reaches the server);
 * this browser's copy is removed here and now, under the shared-computer sign-out's rule that
 * nothing unsynced is deleted.
 *
 * Neither asks to re-authenticate (decision 0007 asks it for changes to how one signs in): both
 * only take access away, so someone at an unattended session gains nothing by them, while a person
 * whose laptop was just stolen should not be slowed down by a password prompt. Revoking one's own
 * devices is limited to them by the server (row-level security) and audited.
 */

const exactTime = (at: string) => new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = (at: string) => new Date(at).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const labelOf = (device: DeviceSummary) => device.label ?? 'Unnamed browser';

/** Why this browser's data was not removed, and what to do about it. */
const describeRefusal = (work: Parameters<typeof describeUnsyncedCounts>[0]): string => {
  const counts = describeUnsyncedCounts(work);
  if (counts === null) {
    return "This browser's data could not be checked for changes that haven't reached the server yet, so nothing was removed. Reload the page and try again.";
  }
  const review = work !== 'unknown' && work.rejected > 0 ? ' and review the refused ones under Conflicts' : '';
  return `Nothing was removed: ${counts} Stay online until they sync${review}, then try again.`;
};

type Confirming = { kind: 'revoke'; device: DeviceSummary } | { kind: 'remove'; device: DeviceSummary };

export const DevicesCard = () => {
  const { state, userId, removeThisDevice } = useLocalData();
  const [devices, setDevices] = React.useState<DeviceSummary[] | null>(null);
  const [loadError, setLoadError] = React.useState<string | null>(null);
  const [thisDeviceId, setThisDeviceId] = React.useState<string | null>(null);
  const [confirming, setConfirming] = React.useState<Confirming | null>(null);
  // What is under way, said in a status line; the buttons wait meanwhile.
  const [working, setWorking] = React.useState<string | null>(null);
  const busy = working !== null;
  const [error, setError] = React.useState<string | null>(null);
  const [status, setStatus] = React.useState<string | null>(null);
  // "just now" and "5 minutes ago" are read against the time the list arrived.
  const [now, setNow] = React.useState(() => new Date());

  const show = React.useCallback((result: Awaited<ReturnType<typeof fetchDevices>>) => {
    if (result.ok) {
      setDevices(result.value.devices);
      setLoadError(null);
      setNow(new Date());
    } else {
      setLoadError(`Your devices could not be loaded. ${result.error.message}`);
    }
  }, []);

  // The list, and which row is this browser (its device record): read again when the database
  // opens (a first visit registers the device while this page is already showing) or goes away.
  React.useEffect(() => {
    let live = true;
    void Promise.all([fetchDevices(), browserKeyring().record(userId).catch(() => null)]).then(([result, record]) => {
      if (live) {
        show(result);
        setThisDeviceId(record?.deviceId ?? null);
      }
    });
    return () => {
      live = false;
    };
  }, [userId, state.kind, show]);

  const revoke = async (device: DeviceSummary) => {
    setWorking(`Revoking ${labelOf(device)}…`);
    try {
      const result = await revokeDevice(device.deviceId);
      if (!result.ok) {
        setError(`${labelOf(device)} could not be revoked. ${result.error.message}`);
        return;
      }
      setStatus(`${labelOf(device)} was revoked. It will delete its copy of the practice data the next time it connects.`);
      show(await fetchDevices());
    } finally {
      setWorking(null);
    }
  };

  const removeHere = async () => {
    setWorking("Sending changes that haven't synced yet, then removing this browser's data…");
    try {
      const outcome = await removeThisDevice();
      switch (outcome.kind) {
        case 'removed':
          if (outcome.signedOut) {
            // A full navigation: nothing of the signed-in pages stays in memory.
            // eslint-disable-next-line @next/next/no-location-assign-relative-destination
            window.location.assign('/sign-in?reason=device_removed');
          }
          // Otherwise the page is locked (signed out offline); the sign-out completes when the network returns.
          return;
        case 'unsynced':
          setError(describeRefusal(outcome.work));
          return;
        case 'failed':
          setError(`This browser's data was not removed. ${outcome.message}`);
          return;
      }
    } finally {
      setWorking(null);
    }
  };

  const confirm = () => {
    const chosen = confirming;
    setConfirming(null);
    setError(null);
    setStatus(null);
    if (chosen?.kind === 'revoke') {
      void revoke(chosen.device);
    } else if (chosen?.kind === 'remove') {
      void removeHere();
    }
  };

  const confirmingLabel = confirming === null ? '' : labelOf(confirming.device);

  return (
    <Card>
      <CardHeader>
        <CardTitle>Devices</CardTitle>
        <CardDescription>
          Browsers that keep an encrypted copy of your practices&apos; data so you can work offline. Revoke one you no
          longer use or have lost.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {loadError !== null ? (
          <p role="alert" className="text-sm font-medium text-destructive">
            {loadError}
          </p>
        ) : devices === null ? (
          <p className="text-sm text-muted-foreground">Loading…</p>
        ) : devices.length === 0 ? (
          <p className="text-sm text-muted-foreground">No browser holds a copy of your practices&apos; data yet.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Device</TableHead>
                <TableHead>Registered</TableHead>
                <TableHead>Last sync</TableHead>
                <TableHead>State</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {devices.map((device) => {
                const current = device.deviceId === thisDeviceId;
                return (
                  <TableRow key={device.deviceId} data-testid="device-row" data-device-id={device.deviceId} data-current={current ? 'true' : undefined}>
                    <TableCell className="font-medium">
                      <span className="inline-flex items-center gap-2">
                        <LaptopIcon className="size-4 text-muted-foreground" aria-hidden="true" />
                        {labelOf(device)}
                        {current ? <Badge variant="info">This browser</Badge> : null}
                      </span>
                    </TableCell>
                    <TableCell>
                      <time dateTime={device.registeredAt} title={exactTime(device.registeredAt)}>
                        {dateOnly(device.registeredAt)}
                      </time>
                    </TableCell>
                    <TableCell>
                      {device.lastSyncAt === null ? (
                        'Never'
                      ) : (
                        <time dateTime={device.lastSyncAt} title={exactTime(device.lastSyncAt)}>
                          {relativeTime(new Date(device.lastSyncAt), now)}
                        </time>
                      )}
                    </TableCell>
                    <TableCell>
                      {device.revokedAt === null ? (
                        <Badge variant="success">Active</Badge>
                      ) : (
                        <Badge variant="outline" title={exactTime(device.revokedAt)}>
                          Revoked on {dateOnly(device.revokedAt)}
                        </Badge>
                      )}
                    </TableCell>
                    <TableCell className="text-right">
                      {device.revokedAt !== null ? null : current ? (
                        <Button
                          variant="outline"
                          size="sm"
                          disabled={busy || state.kind !== 'ready'}
                          onClick={() => setConfirming({ kind: 'remove', device })}
                        >
                          Remove this browser&apos;s data
                        </Button>
                      ) : (
                        <Button variant="outline" size="sm" disabled={busy} onClick={() => setConfirming({ kind: 'revoke', device })}>
                          Revoke<span className="sr-only"> {labelOf(device)}</span>
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
        {working !== null ? (
          <p role="status" className="text-sm text-muted-foreground">
            {working}
          </p>
        ) : null}
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
      </CardContent>
      <Dialog open={confirming !== null} onOpenChange={(open) => (!open && !busy ? setConfirming(null) : undefined)}>
        <DialogContent>
          {confirming?.kind === 'remove' ? (
            <DialogHeader>
              <DialogTitle>Remove this browser&apos;s data?</DialogTitle>
              <DialogDescription>
                The copy of the practice data on this browser is deleted and this browser is signed out. Changes that
                haven&apos;t reached the server are sent first; if any can&apos;t be, nothing is removed. Signing in here
                again downloads a fresh copy.
              </DialogDescription>
            </DialogHeader>
          ) : (
            <DialogHeader>
              <DialogTitle>Revoke {confirmingLabel}?</DialogTitle>
              <DialogDescription>
                It will delete its copy of the practice data the next time it connects. Changes made on it that
                haven&apos;t synced will be lost.
              </DialogDescription>
            </DialogHeader>
          )}
          <DialogFooter>
            <Button variant="outline" onClick={() => setConfirming(null)}>
              Cancel
            </Button>
            <Button variant="destructive" onClick={confirm}>
              {confirming?.kind === 'remove' ? 'Remove data and sign out' : 'Revoke device'}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
};
