'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import * as React from 'react';

import { Badge } from '@/components/ui/badge';
import { Button, buttonVariants } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { authClient } from '@/lib/auth/auth-client';

import { useReauthentication } from './reauthentication';

/**
 * Two-factor (TOTP) status: set it up, get new backup codes, or turn it off. Roles that see patient
 * data must keep it (issue #4), so "turn off" is not offered to them; the server refuses it too.
 */
export const TwoFactorCard = ({ enabled, required }: { enabled: boolean; required: boolean }) => {
  const router = useRouter();
  const { confirm } = useReauthentication();
  const [codes, setCodes] = React.useState<string[] | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);

  // Both endpoints take the password in their body: the confirmation dialog asks for it (and the
  // code) once, re-authenticates the session, and hands the password on.
  const regenerate = async () => {
    setError(null);
    const confirmed = await confirm('Enter your password and a code to get new backup codes. The old ones stop working.');
    if (confirmed === null) {
      return;
    }
    setBusy(true);
    try {
      const result = await authClient.twoFactor.generateBackupCodes({ password: confirmed.password });
      if (result.error) {
        setError('New backup codes could not be made. Please try again.');
        return;
      }
      setCodes(result.data.backupCodes);
    } finally {
      setBusy(false);
    }
  };

  const disable = async () => {
    setError(null);
    const confirmed = await confirm('Enter your password and a code to turn two-factor authentication off.');
    if (confirmed === null) {
      return;
    }
    setBusy(true);
    try {
      const result = await authClient.twoFactor.disable({ password: confirmed.password });
      if (result.error) {
        setError(result.error.status === 403 ? (result.error.message ?? 'Your role requires two-factor authentication.') : 'Two-factor authentication could not be turned off.');
        return;
      }
      router.refresh();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          Two-factor authentication
          <Badge variant={enabled ? 'success' : 'secondary'}>{enabled ? 'On' : 'Off'}</Badge>
        </CardTitle>
        <CardDescription>
          {enabled
            ? 'You sign in with your password and a code from your authenticator app.'
            : 'Add a code from an authenticator app to your password, so a stolen password alone cannot sign you in.'}
          {required ? ' Your role can see patient records, so it stays on.' : ''}
        </CardDescription>
      </CardHeader>
      {(codes !== null || error !== null) && (
        <CardContent className="grid gap-3">
          {codes !== null && (
            <>
              <p role="status" className="text-sm text-foreground">
                Your new backup codes. Each signs you in once; save them somewhere safe now, they will not be shown again.
              </p>
              <ul className="grid grid-cols-2 gap-2 rounded-md border bg-muted/40 p-4 font-mono text-sm" data-testid="backup-codes">
                {codes.map((code) => (
                  <li key={code}>{code}</li>
                ))}
              </ul>
            </>
          )}
          {error !== null && (
            <p role="alert" className="text-sm font-medium text-destructive">
              {error}
            </p>
          )}
        </CardContent>
      )}
      <CardFooter className="mt-4 flex flex-wrap gap-2">
        {enabled ? (
          <>
            <Button variant="outline" disabled={busy} onClick={() => void regenerate()}>
              New backup codes
            </Button>
            {!required && (
              <Button variant="destructive" disabled={busy} onClick={() => void disable()}>
                Turn off
              </Button>
            )}
          </>
        ) : (
          <Link href="/setup/two-factor" className={buttonVariants()}>
            Set up two-factor authentication
          </Link>
        )}
      </CardFooter>
    </Card>
  );
};
