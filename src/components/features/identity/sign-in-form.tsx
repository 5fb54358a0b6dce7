'use client';

import '@/lib/utils/zod-jitless';

import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import * as React from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';

import { Button } from '@/components/ui/button';
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { authClient } from '@/lib/auth/auth-client';
import { ZSignIn, ZTotpCode } from '@/lib/domain/identity/schemas';

const INVALID_CREDENTIALS = 'Email or password is incorrect.';

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
const TwoFactorStep = ({ onDone, onRestart }: { onDone: () => void; onRestart: () => void }) => {
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
    onDone();
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
    onDone();
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

/** Email + password, then (when enrolled) the TOTP code. */
export const SignInForm = () => {
  const router = useRouter();
  const [step, setStep] = React.useState<'password' | 'two-factor'>('password');
  const [error, setError] = React.useState<string | null>(null);
  const form = useForm<z.input<typeof ZSignIn>, unknown, z.output<typeof ZSignIn>>({
    resolver: zodResolver(ZSignIn),
    defaultValues: { email: '', password: '' },
  });

  const finish = async () => {
    // Staff who can see patient data must enrol (DESIGN §6); send those without TOTP to set it up.
    const session = await authClient.getSession();
    router.push(session.data?.user.twoFactorEnabled === true ? '/' : '/setup/two-factor');
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
      setStep('two-factor');
      return;
    }
    await finish();
  };

  if (step === 'two-factor') {
    return (
      <TwoFactorStep
        onDone={() => void finish()}
        onRestart={() => {
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
          {error !== null && <ErrorText>{error}</ErrorText>}
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? 'Signing in…' : 'Sign in'}
          </Button>
        </form>
      </Form>
      <p className="mt-6 text-center text-sm text-muted-foreground">
        New practice?{' '}
        <Link href="/sign-up" className="font-medium text-primary underline-offset-4 hover:underline">
          Create one
        </Link>
      </p>
    </div>
  );
};
