'use client';

import '@/lib/utils/zod-jitless';

import { zodResolver } from '@hookform/resolvers/zod';
import { KeyRoundIcon } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import * as React from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';

import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { authClient } from '@/lib/auth/auth-client';
import { ZSignIn, ZTotpCode } from '@/lib/domain/identity/schemas';
import { passkeySignInPrf, rememberPasskeySignIn, type SignInPasskeyCopy } from '@/lib/local/passkey-browser';
import { wrapDeviceKeyAfterSignIn } from '@/lib/local/sign-in-device';

const INVALID_CREDENTIALS = 'Email or password is incorrect.';
/** The longest a sign-in waits for this browser's device key step (PBKDF2 and one request). */
const DEVICE_STEP_MAX_MS = 10_000;

type AuthClientError = { status: number; message?: string | undefined } | null;

/** One message per failure, never better-auth's internals; unknown email and wrong password read the same. */
const messageFor = (error: AuthClientError, fallback: string): string => {
  if (error?.status === 429) {
    return error.message ?? 'Too many attempts. Please wait a while and try again.';
  }
  return fallback;
};

const ErrorText = ({ children }: { children: React.ReactNode }) => (
  <p role="alert" className="text-sm font-medium text-destructive">
    {children}
  </p>
);

/** Step 2: the code from the authenticator app (or a backup code) for a pending sign-in. */
const TwoFactorStep = ({ onDone, onRestart }: { onDone: () => Promise<void>; onRestart: () => void }) => {
  const [useBackupCode, setUseBackupCode] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const form = useForm<z.input<typeof ZTotpCode>, unknown, z.output<typeof ZTotpCode>>({
    resolver: zodResolver(ZTotpCode),
    defaultValues: { code: '' },
  });

  const onSubmit = async ({ code }: z.output<typeof ZTotpCode>) => {
    setError(null);
    const result = await authClient.twoFactor.verifyTotp({ code });
    if (result.error) {
      setError(
        messageFor(result.error, 'That code did not work. Wait for the next code in your app and try again.'),
      );
      form.reset({ code: '' });
      return;
    }
    // Awaited, so the button stays busy while the sign-in finishes (the device key step).
    await onDone();
  };

  const onBackupCode = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('backupCode') ?? '').trim();
    setError(null);
    const result = await authClient.twoFactor.verifyBackupCode({ code });
    if (result.error) {
      setError(messageFor(result.error, 'That backup code did not work.'));
      return;
    }
    await onDone();
  };

  return (
    <div>
      <h1 className="text-xl font-semibold tracking-tight text-foreground">Two-factor authentication</h1>
      {useBackupCode ? (
        <form onSubmit={(event) => void onBackupCode(event)} className="mt-6 grid gap-4" noValidate>
          <p className="text-sm text-muted-foreground">Enter one of the backup codes you saved. Each works once.</p>
          <label htmlFor="backup-code" className="text-sm font-medium">
            Backup code
          </label>
          <Input id="backup-code" name="backupCode" autoComplete="off" autoFocus />
          {error !== null && <ErrorText>{error}</ErrorText>}
          <Button type="submit">Verify</Button>
        </form>
      ) : (
        <Form {...form}>
          <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="mt-6 grid gap-4">
            <FormField
              control={form.control}
              name="code"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Code from your authenticator app</FormLabel>
                  <FormControl>
                    <Input inputMode="numeric" autoComplete="one-time-code" autoFocus maxLength={7} {...field} />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            {error !== null && <ErrorText>{error}</ErrorText>}
            <Button type="submit" disabled={form.formState.isSubmitting}>
              {form.formState.isSubmitting ? 'Verifying…' : 'Verify'}
            </Button>
          </form>
        </Form>
      )}
      <div className="mt-6 flex justify-between text-sm">
        <Button variant="link" className="h-auto p-0" onClick={() => setUseBackupCode((value) => !value)}>
          {useBackupCode ? 'Use the authenticator app' : 'Use a backup code'}
        </Button>
        <Button variant="link" className="h-auto p-0" onClick={onRestart}>
          Start over
        </Button>
      </div>
    </div>
  );
};

/**
 * Email + password, then (when enrolled) the TOTP code; or a passkey on its own. `next` is where to
 * go afterwards: a same-origin path already checked by `safeNextPath` (the page does it).
 */
export const SignInForm = ({ next = null }: { next?: string | null }) => {
  const router = useRouter();
  const [step, setStep] = React.useState<'password' | 'two-factor'>('password');
  const [error, setError] = React.useState<string | null>(null);
  const [passkeyBusy, setPasskeyBusy] = React.useState(false);
  const form = useForm<z.input<typeof ZSignIn>, unknown, z.output<typeof ZSignIn>>({
    resolver: zodResolver(ZSignIn),
    defaultValues: { email: '', password: '' },
  });
  // The password of a password sign-in, kept through the TOTP step for the device key (below).
  const [pendingPassword, setPendingPassword] = React.useState<string | null>(null);
  // "This is a shared computer": sign-out then deletes the practice data stored in this browser.
  const [shared, setShared] = React.useState(false);

  /** `password`: the one just typed, or null after a passkey (`passkeyCopy`: its PRF result, if any). */
  const finish = async (password: string | null, passkeyCopy: SignInPasskeyCopy | null = null) => {
    // Staff who can see patient data must enrol TOTP (DESIGN §6), also when they signed in with a
    // passkey (decision 0007): send those without it to set it up first.
    const session = await authClient.getSession();
    setPendingPassword(null);
    const userId = session.data?.user.id;
    if (userId !== undefined) {
      // Lets this browser's local database open offline with this password, and records whether
      // this is a shared computer (issue #6 §5). Waited for, briefly, before leaving this page: a
      // reload or a typed address right after signing in would end the page mid-way, leaving no
      // offline copy and, worse, no shared flag (sign-out would then keep the data). Best-effort:
      // a failure or a slow server never stops the sign-in.
      // After a passkey whose authenticator gave a PRF result, that result wraps a passkey copy too.
      const remembered =
        password === null ? rememberPasskeySignIn({ userId, shared, copy: passkeyCopy }) : wrapDeviceKeyAfterSignIn({ userId, password, shared });
      await Promise.race([remembered.catch(() => undefined), new Promise((resolve) => window.setTimeout(resolve, DEVICE_STEP_MAX_MS))]);
    }
    // Without TOTP yet, enrolment comes first; it continues to `next` afterwards (an invitation, say).
    const setup = next === null ? '/setup/two-factor' : `/setup/two-factor?next=${encodeURIComponent(next)}`;
    router.push(session.data?.user.twoFactorEnabled === true ? (next ?? '/') : setup);
  };

  const onPasskey = async () => {
    setError(null);
    setPasskeyBusy(true);
    try {
      // The same prompt also asks for a PRF result, so this device can open offline with the passkey.
      const prf = passkeySignInPrf();
      const result = await authClient.signIn.passkey({ extensions: prf.extensions, returnWebAuthnResponse: true });
      if (result.error) {
        setError(
          messageFor(
            result.error,
            'Signing in with a passkey did not work. Try again, or sign in with your password.',
          ),
        );
        return;
      }
      await finish(null, prf.copyFrom('webauthn' in result ? result.webauthn : undefined));
    } finally {
      setPasskeyBusy(false);
    }
  };

  const onSubmit = async ({ email, password }: z.output<typeof ZSignIn>) => {
    setError(null);
    const result = await authClient.signIn.email({ email, password });
    if (result.error) {
      setError(messageFor(result.error, INVALID_CREDENTIALS));
      form.resetField('password');
      return;
    }
    if ('twoFactorRedirect' in result.data && result.data.twoFactorRedirect) {
      setPendingPassword(password);
      setStep('two-factor');
      return;
    }
    await finish(password);
  };

  if (step === 'two-factor') {
    return (
      <TwoFactorStep
        onDone={() => finish(pendingPassword)}
        onRestart={() => {
          setPendingPassword(null);
          form.reset();
          setStep('password');
        }}
      />
    );
  }

  return (
    <div>
      <h1 className="text-xl font-semibold tracking-tight text-foreground">Sign in</h1>
      <Form {...form}>
        <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="mt-6 grid gap-4">
          <FormField
            control={form.control}
            name="email"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Email</FormLabel>
                <FormControl>
                  <Input type="email" autoComplete="username" autoFocus {...field} />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="password"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Password</FormLabel>
                <FormControl>
                  <Input type="password" autoComplete="current-password" {...field} />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <div className="grid gap-1">
            <div className="flex items-center gap-2">
              <Checkbox id="shared-computer" checked={shared} onCheckedChange={(checked) => setShared(checked === true)} aria-describedby="shared-computer-hint" />
              <Label htmlFor="shared-computer">This is a shared computer</Label>
            </div>
            <p id="shared-computer-hint" className="pl-6 text-xs text-muted-foreground">
              Signing out deletes the practice data kept in this browser.
            </p>
          </div>
          {error !== null && <ErrorText>{error}</ErrorText>}
          <Button type="submit" disabled={form.formState.isSubmitting || passkeyBusy}>
            {form.formState.isSubmitting ? 'Signing in…' : 'Sign in'}
          </Button>
        </form>
      </Form>
      <div className="mt-4 flex items-center gap-3 text-xs text-muted-foreground" aria-hidden="true">
        <span className="h-px flex-1 bg-border" />
        or
        <span className="h-px flex-1 bg-border" />
      </div>
      <Button
        type="button"
        variant="outline"
        className="mt-4 w-full"
        disabled={passkeyBusy || form.formState.isSubmitting}
        onClick={() => void onPasskey()}
      >
        <KeyRoundIcon aria-hidden="true" />
        {/* Not "Sign in with a passkey": a button name containing "Sign in" would make the
            password button ambiguous to assistive-technology users and to tests finding it by name. */}
        {passkeyBusy ? 'Waiting for your passkey…' : 'Use a passkey'}
      </Button>
      <p className="mt-6 text-center text-sm text-muted-foreground">
        New practice?{' '}
        <Link href="/sign-up" className="font-medium text-primary underline-offset-4 hover:underline">
          Create one
        </Link>
      </p>
    </div>
  );
};
