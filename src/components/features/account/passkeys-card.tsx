'use client';

import '@/lib/utils/zod-jitless';

import { KeyRoundIcon } from 'lucide-react';
import * as React from 'react';

import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { useLocalData } from '@/components/local-data/local-data-context';
import { authClient } from '@/lib/auth/auth-client';
import { ZPasskeyName } from '@/lib/domain/identity/account-schemas';
import { browserKeyring } from '@/lib/local/browser-keyring';
import { PRF_AT_CREATION } from '@/lib/local/passkey-browser';

import { PasskeyOfflineUnlock } from './passkey-offline-unlock';
import { useReauthentication } from './reauthentication';

type PasskeyRow = { id: string; credentialID: string; name?: string | null; createdAt?: Date | string | null; deviceType: string };

const deviceTypeLabel = (deviceType: string): string =>
  deviceType === 'multiDevice' ? 'Synced across your devices' : 'This device or security key only';

const createdLabel = (createdAt: PasskeyRow['createdAt']): string =>
  createdAt ? new Date(createdAt).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : '—';

/** WebAuthn errors the person caused (cancelled the prompt): no alarm, just say nothing happened. */
const CANCELLED = new Set(['ERROR_CEREMONY_ABORTED', 'AUTH_CANCELLED', 'REGISTRATION_CANCELLED']);

/**
 * Passkeys: a faster way in (fingerprint, face or PIN on this device, or a security key) in addition
 * to password + TOTP. Listed with name, date and kind; added with a name; removed after a question.
 */
export const PasskeysCard = () => {
  const { retryAfterReauthentication } = useReauthentication();
  const { userId } = useLocalData();
  // better-auth's client query: refetched by itself after a passkey is added or removed.
  const list = authClient.useListPasskeys();
  const rows: PasskeyRow[] | null = list.isPending ? null : (list.data ?? []);
  const [name, setName] = React.useState('');
  const [nameError, setNameError] = React.useState<string | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [status, setStatus] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [removing, setRemoving] = React.useState<PasskeyRow | null>(null);

  const add = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    setStatus(null);
    const parsed = ZPasskeyName.safeParse({ name });
    if (!parsed.success) {
      setNameError(parsed.error.issues[0]?.message ?? 'required');
      return;
    }
    setNameError(null);
    setBusy(true);
    try {
      const result = await retryAfterReauthentication(
        // PRF asked for at creation: some authenticators only evaluate it later (offline unlock,
        // below) for credentials created with it.
        () => authClient.passkey.addPasskey({ name: parsed.data.name, extensions: PRF_AT_CREATION }),
        'For your security, enter your password again before adding a passkey.',
      );
      if (result === null) {
        return;
      }
      if (result.error) {
        const code = 'code' in result.error ? result.error.code : undefined;
        setError(
          code !== undefined && CANCELLED.has(code)
            ? 'No passkey was added.'
            : code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED'
              ? 'This device already holds a passkey for your account.'
              : (result.error.message ?? 'The passkey could not be added.'),
        );
        return;
      }
      setName('');
      setStatus(`Passkey "${parsed.data.name}" added.`);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (row: PasskeyRow) => {
    setError(null);
    setStatus(null);
    setBusy(true);
    try {
      const result = await retryAfterReauthentication(
        () => authClient.passkey.deletePasskey({ id: row.id }),
        'For your security, enter your password again before removing a passkey.',
      );
      if (result === null) {
        return;
      }
      if (result.error) {
        setError('The passkey could not be removed.');
        return;
      }
      // A removed passkey no longer opens this device's data offline either.
      await browserKeyring()
        .removePasskeyCopy({ userId, credentialId: row.credentialID })
        .catch(() => undefined);
      setStatus(`Passkey "${row.name ?? 'Passkey'}" removed.`);
    } finally {
      setBusy(false);
    }
  };

  const confirmRemoval = () => {
    const row = removing;
    // Closed first: the re-authentication dialog may need to open, and one modal at a time keeps
    // focus where keyboard and screen reader users expect it.
    setRemoving(null);
    if (row !== null) {
      void remove(row);
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Passkeys</CardTitle>
        <CardDescription>
          Sign in with your fingerprint, face, device PIN or a security key instead of typing your password and code.
          Two-factor authentication stays on for your account.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {list.error ? (
          <p role="alert" className="text-sm font-medium text-destructive">
            Your passkeys could not be loaded.
          </p>
        ) : rows === null ? (
          <p className="text-sm text-muted-foreground">Loading…</p>
        ) : rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">You have no passkeys yet.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Added</TableHead>
                <TableHead>Kind</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.id}>
                  <TableCell className="font-medium">
                    <span className="inline-flex items-center gap-2">
                      <KeyRoundIcon className="size-4 text-muted-foreground" aria-hidden="true" />
                      {row.name ?? 'Passkey'}
                    </span>
                  </TableCell>
                  <TableCell>{createdLabel(row.createdAt)}</TableCell>
                  <TableCell>{deviceTypeLabel(row.deviceType)}</TableCell>
                  <TableCell className="text-right">
                    <Button variant="outline" size="sm" disabled={busy} onClick={() => setRemoving(row)}>
                      Remove<span className="sr-only"> {row.name ?? 'passkey'}</span>
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
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
        <PasskeyOfflineUnlock credentialIds={(rows ?? []).map((row) => row.credentialID)} disabled={busy} />
      </CardContent>
      <CardFooter className="mt-4">
        <form onSubmit={(event) => void add(event)} noValidate className="flex w-full flex-wrap items-end gap-3">
          <div className="grid min-w-48 flex-1 gap-2">
            <Label htmlFor="passkey-name">Name for a new passkey</Label>
            <Input
              id="passkey-name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="Work laptop"
              maxLength={60}
              aria-invalid={nameError !== null}
              aria-describedby={nameError !== null ? 'passkey-name-error' : undefined}
            />
            {nameError !== null && (
              <p id="passkey-name-error" className="text-sm font-medium text-destructive">
                {nameError}
              </p>
            )}
          </div>
          <Button type="submit" disabled={busy}>
            {busy ? 'Waiting for your device…' : 'Add passkey'}
          </Button>
        </form>
      </CardFooter>
      <Dialog open={removing !== null} onOpenChange={(open) => (!open && !busy ? setRemoving(null) : undefined)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Remove this passkey?</DialogTitle>
            <DialogDescription>
              You will no longer be able to sign in with &ldquo;{removing?.name ?? 'Passkey'}&rdquo;. Your password and
              two-factor authentication keep working.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <Button variant="outline" disabled={busy} onClick={() => setRemoving(null)}>
              Keep it
            </Button>
            <Button variant="destructive" disabled={busy} onClick={confirmRemoval}>
              Remove passkey
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
};
