'use client';

import '@/lib/utils/zod-jitless';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import QRCode from 'qrcode';
import * as React from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';

import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { authClient } from '@/lib/auth/auth-client';
import { ZTotpCode } from '@/lib/domain/identity/schemas';

type Enrolment = { totpURI: string; backupCodes: string[]; qrDataUrl: string; manualKey: string };

const ErrorText = ({ children }: { children: React.ReactNode }) => (
  <p role="alert" className="text-sm font-medium text-destructive">
    {children}
  </p>
);

/** The base32 key of an otpauth:// URI, grouped by four for typing into an app by hand. */
const manualKeyOf = (totpURI: string): string =>
  (new URL(totpURI).searchParams.get('secret') ?? '').replace(/(.{4})/g, '$1 ').trim();

/** Step 1: confirm the password (better-auth requires it to create a TOTP secret). */
const PasswordStep = ({ onEnrolled }: { onEnrolled: (enrolment: Enrolment) => void }) => {
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);

  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    setError(null);
    setBusy(true);
    try {
      const result = await authClient.twoFactor.enable({ password, method: 'totp' });
      if (result.error) {
        setError(
          result.error.status === 401
            ? 'Your session has ended. Please sign in again.'
            : 'That password is not correct.',
        );
        return;
      }
      if (result.data.method !== 'totp') {
        setError('Two-factor authentication could not be set up. Please try again.');
        return;
      }
      const { totpURI, backupCodes } = result.data;
      // A data: URL: the CSP allows images from data:, and the secret never leaves the browser.
      const qrDataUrl = await QRCode.toDataURL(totpURI, { margin: 1, width: 200, errorCorrectionLevel: 'M' });
      onEnrolled({ totpURI, backupCodes, qrDataUrl, manualKey: manualKeyOf(totpURI) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="mt-6 grid gap-4">
      <p className="text-sm text-muted-foreground">
        Staff who can see patient records sign in with a password and a code from an authenticator app
        (such as Google Authenticator, Microsoft Authenticator or 1Password). Confirm your password to begin.
      </p>
      <div className="grid gap-2">
        <Label htmlFor="setup-password">Password</Label>
        <Input id="setup-password" name="password" type="password" autoComplete="current-password" autoFocus />
      </div>
      {error !== null && <ErrorText>{error}</ErrorText>}
      <Button type="submit" disabled={busy}>
        {busy ? 'Preparing…' : 'Continue'}
      </Button>
    </form>
  );
};

/** Step 2: scan (or type) the key, then prove it with a code. */
const ScanStep = ({ enrolment, onConfirmed }: { enrolment: Enrolment; onConfirmed: () => void }) => {
  const [error, setError] = React.useState<string | null>(null);
  const form = useForm<z.input<typeof ZTotpCode>, unknown, z.output<typeof ZTotpCode>>({
    resolver: zodResolver(ZTotpCode),
    defaultValues: { code: '' },
  });

  const onSubmit = async ({ code }: z.output<typeof ZTotpCode>) => {
    setError(null);
    const result = await authClient.twoFactor.verifyTotp({ code });
    if (result.error) {
      setError('That code did not work. Check the time on your phone, wait for the next code and try again.');
      form.reset({ code: '' });
      return;
    }
    onConfirmed();
  };

  return (
    <div className="mt-6 grid gap-4">
      <p className="text-sm text-muted-foreground">Scan this QR code with your authenticator app.</p>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL, nothing for next/image to optimise */}
      <img
        src={enrolment.qrDataUrl}
        alt="QR code for your authenticator app"
        width={200}
        height={200}
        className="mx-auto rounded-md border bg-white p-2"
      />
      <div>
        <p className="text-sm text-muted-foreground">Or type this key into the app:</p>
        <p className="mt-1 font-mono text-sm break-all text-foreground" data-testid="totp-manual-key">
          {enrolment.manualKey}
        </p>
      </div>
      <Form {...form}>
        <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="grid gap-4">
          <FormField
            control={form.control}
            name="code"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Code from the app</FormLabel>
                <FormControl>
                  <Input inputMode="numeric" autoComplete="one-time-code" maxLength={7} {...field} />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          {error !== null && <ErrorText>{error}</ErrorText>}
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? 'Checking…' : 'Turn on two-factor authentication'}
          </Button>
        </form>
      </Form>
    </div>
  );
};

/** Step 3: the backup codes, shown this once. */
const BackupCodesStep = ({ codes, onDone }: { codes: string[]; onDone: () => void }) => {
  const [saved, setSaved] = React.useState(false);
  return (
    <div className="mt-6 grid gap-4">
      <p className="text-sm text-muted-foreground">
        Two-factor authentication is on. If you lose your phone, each of these backup codes signs you in once.
        Save them somewhere safe now: they will not be shown again.
      </p>
      <ul className="grid grid-cols-2 gap-2 rounded-md border bg-muted/40 p-4 font-mono text-sm" data-testid="backup-codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="flex items-center gap-2">
        <Checkbox id="saved-backup-codes" checked={saved} onCheckedChange={(value) => setSaved(value === true)} />
        <Label htmlFor="saved-backup-codes">I saved my backup codes</Label>
      </div>
      <Button disabled={!saved} onClick={onDone}>
        Continue
      </Button>
    </div>
  );
};

/**
 * Enrols the signed-in user in TOTP: password → QR code and key → confirming code → backup codes,
 * then continues to `next` (already checked by safeNextPath) or home.
 */
export const TwoFactorSetup = ({ next = null }: { next?: string | null }) => {
  const router = useRouter();
  const [enrolment, setEnrolment] = React.useState<Enrolment | null>(null);
  const [confirmed, setConfirmed] = React.useState(false);

  return (
    <div>
      <h1 className="text-xl font-semibold tracking-tight text-foreground">Set up two-factor authentication</h1>
      {enrolment === null ? (
        <PasswordStep onEnrolled={setEnrolment} />
      ) : confirmed ? (
        <BackupCodesStep codes={enrolment.backupCodes} onDone={() => router.push(next ?? '/')} />
      ) : (
        <ScanStep enrolment={enrolment} onConfirmed={() => setConfirmed(true)} />
      )}
    </div>
  );
};
